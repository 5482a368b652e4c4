package io.github.pgsafe.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The smallest piece of a migration that {@link LockRetry} can safely run again.
 *
 * <ul>
 *   <li>A <em>transactional</em> unit runs in one transaction that pgsafe begins and commits; a
 *       failed attempt is rolled back whole before the next one starts, so nothing is ever
 *       half-applied.
 *   <li>An <em>auto-commit</em> unit is for statements that cannot run in a transaction (CREATE
 *       INDEX CONCURRENTLY). Its work must be safe to run again from the start: each statement is
 *       atomic, and a statement that fails is retried, never the ones before it.
 * </ul>
 *
 * @param description what the unit does, for logs and errors: {@code ALTER TABLE orders ADD ...}
 * @param transactional whether the work runs in one transaction
 * @param longStatementTimeout whether it gets {@code longStatementTimeout} instead of {@code
 *     statementTimeout} (it runs long without blocking anyone)
 * @param watchdog whether it takes a lock that application queries wait for, so the watchdog
 *     watches it (when {@code watchdog.enabled})
 * @param relations quoted names of the tables it locks, for the blocker report
 * @param work the statements
 * @param <T> what the work returns
 */
public record Unit<T>(
    String description,
    boolean transactional,
    boolean longStatementTimeout,
    boolean watchdog,
    List<String> relations,
    Work<T> work) {

  /** The statements of a unit; they run on the connection pgsafe passes in. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public Unit {
    relations = List.copyOf(relations);
  }

  /** Work that runs in one transaction, retried whole. */
  public static <T> Unit<T> transaction(String description, Work<T> work) {
    return new Unit<>(description, true, false, false, List.of(), work);
  }

  /** Work that runs in auto-commit mode; it must be safe to run again from the start. */
  public static <T> Unit<T> autocommit(String description, Work<T> work) {
    return new Unit<>(description, false, false, false, List.of(), work);
  }

  /** This unit with {@code longStatementTimeout}. */
  public Unit<T> withLongStatementTimeout() {
    return new Unit<>(description, transactional, true, watchdog, relations, work);
  }

  /** This unit watched by the watchdog: it holds a lock that application queries wait for. */
  public Unit<T> withWatchdog() {
    return new Unit<>(description, transactional, longStatementTimeout, true, relations, work);
  }

  /** This unit with the quoted names of the tables it locks. */
  public Unit<T> withRelations(List<String> quotedNames) {
    return new Unit<>(
        description, transactional, longStatementTimeout, watchdog, quotedNames, work);
  }
}
