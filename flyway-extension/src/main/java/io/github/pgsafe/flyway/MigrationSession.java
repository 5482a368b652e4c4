package io.github.pgsafe.flyway;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.runtime.ConnectionSource;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.SessionTimeouts;
import io.github.pgsafe.sql.Identifiers;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayBlockStatementExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One migration as Flyway runs it, seen from its statement events.
 *
 * <ul>
 *   <li>Timeouts: lock_timeout and statement_timeout for the whole migration; {@code SET LOCAL}
 *       (set_config local) when Flyway runs it in a transaction, a session {@code SET} otherwise,
 *       put back when the migration ends, also after an error.
 *   <li>Locks: before each transactional statement, pgsafe takes the table locks the statement
 *       needs ({@link LockAcquisition}) under a savepoint, retrying on lock timeout while the
 *       transaction holds no lock that application queries wait for.
 *   <li>Splitting: a statement that cannot run in a transaction block (pgsafe's analysis decides,
 *       not Flyway's) ends the open run of transactional statements with a COMMIT, runs on its own
 *       through pgsafe ({@link NonTransactionalStatement}), and Flyway's execution of it is
 *       skipped. The following transactional statements form the next run, in a transaction pgsafe
 *       begins.
 * </ul>
 */
final class MigrationSession {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationSession.class);
  private static final Set<OperationKind> TRANSACTION_CONTROL =
      EnumSet.of(OperationKind.BEGIN, OperationKind.COMMIT, OperationKind.ROLLBACK);

  private final Connection connection;
  private final PgsafeSettings settings;
  private final Optional<ConnectionSource> monitors;
  private final String script;
  private Analyzer analyzer;
  private boolean originalAutoCommit;
  private SessionTimeouts.Scope timeouts = () -> {};

  /** pgsafe begins and commits the transactional runs itself. */
  private boolean split;

  /** The script controls its transactions itself (BEGIN/COMMIT): pgsafe leaves them alone. */
  private boolean selfManaged;

  private boolean runHoldsBlockingLock;

  /** Tables created in the open transaction (quoted): it holds every lock on them already. */
  private final Set<String> createdInTransaction = new HashSet<>();

  private int statementsInRun;
  private final List<String> committed = new ArrayList<>();

  MigrationSession(
      Connection connection,
      PgsafeSettings settings,
      Optional<ConnectionSource> monitors,
      String script) {
    this.connection = connection;
    this.settings = settings;
    this.monitors = monitors;
    this.script = script;
  }

  void begin() {
    try {
      analyzer =
          Analyzer.forVersion(
              PgVersion.of(Math.max(9, connection.getMetaData().getDatabaseMajorVersion())));
      originalAutoCommit = connection.getAutoCommit();
      split = originalAutoCommit;
      timeouts = SessionTimeouts.apply(connection, timeouts());
    } catch (SQLException e) {
      throw new FlywayException(
          "pgsafe could not set lock_timeout for " + script + ": " + e.getMessage(), e);
    }
  }

  void beforeStatement(String sql) {
    Optional<Statement> statement =
        Splitter.split(sql).stream().filter(Statement::isExecutable).findFirst();
    if (statement.isEmpty() || selfManaged) {
      return;
    }
    Operation operation = analyzer.analyze(statement.get());
    try {
      if (TRANSACTION_CONTROL.contains(operation.kind())) {
        if (split && !connection.getAutoCommit()) {
          commitRun();
          connection.setAutoCommit(true);
        }
        selfManaged = true;
        LOG.info(
            "pgsafe: {} manages its own transactions; pgsafe does not group its statements",
            script);
        return;
      }
      if (!operation.transactionBlock().allowsTransactionBlock()) {
        runOutsideTransaction(operation);
        throw new FlywayBlockStatementExecutionException(
            new ErrorDetails(CoreErrorCode.ERROR, "run by pgsafe"),
            "pgsafe ran it outside a transaction");
      }
      if (split && connection.getAutoCommit()) {
        connection.setAutoCommit(false);
        statementsInRun = 0;
        runHoldsBlockingLock = false;
      }
      statementsInRun++;
      if (operation.kind() == OperationKind.CREATE_TABLE
          || operation.kind() == OperationKind.CREATE_TABLE_AS) {
        // The new table is this transaction's alone: no lock to take, no catalog lookup.
        operation
            .target()
            .ifPresent(
                t ->
                    createdInTransaction.add(
                        Identifiers.quoteQualified(t.schema().orElse(null), t.name())));
      }
      boolean blocking =
          LockAcquisition.acquire(
              connection,
              operation,
              !runHoldsBlockingLock,
              settings,
              monitors,
              () -> script + ": " + abbreviated(operation.statement().sql()),
              createdInTransaction);
      runHoldsBlockingLock |= blocking;
    } catch (SQLException e) {
      throw new FlywayException(
          "pgsafe could not prepare "
              + abbreviated(operation.statement().sql())
              + " in "
              + script
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void runOutsideTransaction(Operation operation) throws SQLException {
    if (!connection.getAutoCommit()) {
      if (!split) {
        // Flyway opened a transaction for a script it thought transactional (its parser misses
        // REINDEX ... CONCURRENTLY and DETACH PARTITION ... CONCURRENTLY). The statements so far
        // are the first run: commit them, and group the rest like any mixed script.
        split = true;
        LOG.info(
            "pgsafe: {}: {} cannot run in a transaction; committing the statements before it"
                + " as one run and running it on its own",
            script,
            abbreviated(operation.statement().sql()));
      }
      commitRun();
      connection.setAutoCommit(true);
      timeouts = SessionTimeouts.apply(connection, timeouts());
    }
    runHoldsBlockingLock = false;
    statementsInRun = 0;
    LockRetry retry =
        monitors.isPresent()
            ? LockRetry.create(settings, monitors.get())
            : LockRetry.withoutMonitor(settings);
    NonTransactionalStatement.run(connection, operation, retry);
    committed.add(abbreviated(operation.statement().sql()));
  }

  private void commitRun() throws SQLException {
    connection.commit();
    createdInTransaction.clear();
    if (statementsInRun > 0) {
      committed.add("a run of " + statementsInRun + " transactional statement(s)");
    }
    statementsInRun = 0;
  }

  void finish(boolean success) {
    try {
      if (split) {
        if (!connection.getAutoCommit()) {
          if (success) {
            commitRun();
          } else {
            connection.rollback();
          }
          connection.setAutoCommit(true);
        }
        timeouts.close();
        timeouts = () -> {};
        if (!originalAutoCommit) {
          connection.setAutoCommit(false); // Flyway records the migration and commits
        }
      } else if (connection.getAutoCommit()) {
        timeouts.close();
      }
      if (!success && split && !committed.isEmpty()) {
        LOG.error(
            "pgsafe: {} failed after these parts were committed: {}. The failing run was rolled"
                + " back and nothing after it ran. Fix the cause, make the committed parts"
                + " no-ops (or move them out of the script), run flyway repair if Flyway recorded"
                + " the migration as failed, and migrate again.",
            script,
            String.join("; ", committed));
      }
    } catch (SQLException e) {
      throw new FlywayException(
          "pgsafe could not end the last run of " + script + ": " + e.getMessage(), e);
    }
  }

  /** The statement's first 60 characters on one line; Flyway's events carry no line numbers. */
  static String abbreviated(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  private SessionTimeouts.Timeouts timeouts() {
    return new SessionTimeouts.Timeouts(
        settings.lockTimeout(), settings.statementTimeout(), settings.transactionTimeout());
  }
}
