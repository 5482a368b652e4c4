package io.github.pgsafe.liquibase.internal;

import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * One short statement under a lock (the inverse of a pgsafe change: {@code DROP CONSTRAINT}, {@code
 * DROP NOT NULL}), run in its own transaction with lock_timeout and retries.
 */
public final class RetriedStatement implements SafeOperation {
  private final String sql;
  private final List<PlanStep.Lock> locks;
  private final LockRetry retry;

  public RetriedStatement(String sql, List<PlanStep.Lock> locks, LockRetry retry) {
    this.sql = sql;
    this.locks = List.copyOf(locks);
    this.retry = retry;
  }

  @Override
  public List<PlanStep> plan() {
    return List.of(new PlanStep(sql, locks, true, "with lock_timeout, retried on lock timeout"));
  }

  @Override
  public void run(Connection connection) {
    retry.run(
        connection,
        Unit.<Void>transaction(
                sql,
                c -> {
                  try (Statement st = c.createStatement()) {
                    st.execute(sql);
                  }
                  return null;
                })
            .withRelations(locks.stream().map(PlanStep.Lock::relation).toList()));
  }
}
