package io.github.pgsafe.operations;

import java.sql.Connection;
import java.util.List;

/** A schema change that pgsafe knows how to apply without blocking the application. */
public interface SafeOperation {
  /**
   * The statements {@link #run} executes, in order, with their locks, for dry runs and docs. Steps
   * that {@code run} finds already done are skipped at run time.
   */
  List<PlanStep> plan();

  /**
   * Applies the change on {@code connection}, which must be in auto-commit mode; pgsafe opens and
   * commits the transactions itself.
   *
   * @throws io.github.pgsafe.PgsafeException saying what failed, what was done and how to go on
   */
  void run(Connection connection);
}
