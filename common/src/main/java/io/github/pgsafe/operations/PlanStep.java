package io.github.pgsafe.operations;

import io.github.pgsafe.analysis.LockMode;
import java.util.List;

/**
 * One statement of a {@link SafeOperation}'s plan.
 *
 * @param sql the exact statement
 * @param locks the table-level locks it takes
 * @param inTransaction whether it runs inside a transaction (CREATE INDEX CONCURRENTLY does not)
 * @param note why this step is there, or when it is skipped
 */
public record PlanStep(String sql, List<Lock> locks, boolean inTransaction, String note) {
  public PlanStep {
    locks = List.copyOf(locks);
  }

  /**
   * A lock a step takes.
   *
   * @param relation the table or index, as in the SQL
   * @param mode the lock mode
   */
  public record Lock(String relation, LockMode mode) {}

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(sql).append(";  -- ");
    for (Lock lock : locks) {
      out.append(lock.mode().pgLocksName()).append(" on ").append(lock.relation()).append(", ");
    }
    return out.append(inTransaction ? "in a transaction" : "outside a transaction")
        .append(note.isEmpty() ? "" : "; " + note)
        .toString();
  }
}
