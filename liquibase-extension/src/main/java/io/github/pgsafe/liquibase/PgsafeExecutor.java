package io.github.pgsafe.liquibase;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.RelationLock;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.liquibase.change.PgsafeChange;
import io.github.pgsafe.runtime.Blocker;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.RetrySchedule;
import io.github.pgsafe.runtime.SessionTimeouts;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import liquibase.change.Change;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.executor.jvm.JdbcExecutor;
import liquibase.sql.Sql;
import liquibase.sql.visitor.SqlVisitor;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liquibase's {@code jdbc} executor for PostgreSQL with pgsafe's runtime policy around every change
 * of every changeset, built-in changes and raw SQL alike.
 *
 * <ul>
 *   <li><b>Auto-commit</b> ({@code runInTransaction="false"}): each statement of the change runs as
 *       a {@link LockRetry} auto-commit unit: lock_timeout and statement_timeout are {@code SET}
 *       for the session and put back afterwards, and a statement that hits lock_timeout (55P03) is
 *       rolled back by the server and run again with the retry schedule. Only the failing statement
 *       runs again, never the ones before it.
 *   <li><b>In a transaction</b> (the default): before each statement pgsafe takes a savepoint and
 *       sets the timeouts with {@code SET LOCAL} (they end with the transaction). A statement that
 *       hits lock_timeout is rolled back to the savepoint and retried, but only while the
 *       transaction holds no lock stronger than ACCESS SHARE: waiting between attempts while
 *       holding, say, the ACCESS EXCLUSIVE lock of an earlier statement would make the application
 *       wait behind it. Otherwise the error goes to Liquibase, which rolls back the whole changeset
 *       and records nothing, so the changeset can simply be run again.
 * </ul>
 *
 * Statements whose strongest lock blocks no writes (CREATE INDEX CONCURRENTLY in raw SQL, VALIDATE
 * CONSTRAINT) get {@code longStatementTimeout}; the others {@code statementTimeout}. pgsafe's own
 * change types ({@link PgsafeChange}) set their own timeouts, and changes that do their work while
 * generating statements ({@code customChange}) get the timeouts but no retry, since pgsafe cannot
 * tell what they did before they failed.
 */
public class PgsafeExecutor extends JdbcExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(PgsafeExecutor.class);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  public boolean supports(Database database) {
    return database instanceof PostgresDatabase;
  }

  @Override
  public void execute(Change change, List<SqlVisitor> sqlVisitors) throws DatabaseException {
    if (change instanceof PgsafeChange || !(database.getConnection() instanceof JdbcConnection)) {
      super.execute(change, sqlVisitors);
      return;
    }
    Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
    PgsafeSettings settings = PgsafeConfiguration.current();
    if (change.generateStatementsVolatile(database)) {
      withTimeouts(connection, settings, settings.statementTimeout(), change, sqlVisitors);
      return;
    }
    SqlStatement[] statements = change.generateStatements(database);
    if (statements == null) {
      return;
    }
    for (SqlStatement statement : statements) {
      if (statement.skipOnUnsupported()
          && !SqlGeneratorFactory.getInstance().supports(statement, database)) {
        continue;
      }
      String sql = sqlOf(statement);
      boolean autocommit = autoCommit(connection);
      if (autocommit) {
        runAutocommit(connection, settings, statement, sql, sqlVisitors);
      } else {
        runInTransaction(connection, settings, statement, sql, sqlVisitors);
      }
    }
  }

  private void withTimeouts(
      Connection connection,
      PgsafeSettings settings,
      Duration statementTimeout,
      Change change,
      List<SqlVisitor> visitors)
      throws DatabaseException {
    SessionTimeouts.Scope scope;
    try {
      scope =
          SessionTimeouts.apply(
              connection, timeouts(settings, settings.lockTimeout(), statementTimeout));
    } catch (SQLException e) {
      throw new DatabaseException("pgsafe could not set lock_timeout: " + e.getMessage(), e);
    }
    try {
      super.execute(change, visitors);
    } finally {
      try {
        scope.close();
      } catch (SQLException e) {
        LOG.debug("pgsafe could not restore lock_timeout", e);
      }
    }
  }

  private void runAutocommit(
      Connection connection,
      PgsafeSettings settings,
      SqlStatement statement,
      String sql,
      List<SqlVisitor> visitors)
      throws DatabaseException {
    Unit<Void> unit =
        Unit.<Void>autocommit(
            abbreviated(sql),
            c -> {
              executeUnwrapped(statement, visitors);
              return null;
            });
    if (runsLong(sql)) {
      unit = unit.withLongStatementTimeout();
    }
    unit = unit.withRelations(relations(sql));
    try {
      LockRetry.withoutMonitor(settings).run(connection, unit);
    } catch (PgsafeException e) {
      throw new DatabaseException(e.getMessage(), e);
    }
  }

  private void runInTransaction(
      Connection connection,
      PgsafeSettings settings,
      SqlStatement statement,
      String sql,
      List<SqlVisitor> visitors)
      throws DatabaseException {
    Duration statementTimeout =
        runsLong(sql) ? settings.longStatementTimeout() : settings.statementTimeout();
    long start = System.nanoTime();
    Duration delay = settings.retryInitialDelay();
    for (int attempt = 1; ; attempt++) {
      Duration lockTimeout = lockTimeout(settings, attempt);
      Savepoint savepoint;
      try {
        savepoint = connection.setSavepoint();
        SessionTimeouts.apply(connection, timeouts(settings, lockTimeout, statementTimeout));
      } catch (SQLException e) {
        throw new DatabaseException("pgsafe could not set lock_timeout: " + e.getMessage(), e);
      }
      try {
        executeUnwrapped(statement, visitors);
        connection.releaseSavepoint(savepoint);
        if (attempt > 1) {
          LOG.info("pgsafe: {} succeeded on attempt {}", abbreviated(sql), attempt);
        }
        return;
      } catch (SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw new DatabaseException(e.getMessage(), e);
        }
        rollbackTo(connection, savepoint, e);
        String blockers = blockers(connection, settings, sql);
        List<String> held = strongLocksHeld(connection);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!held.isEmpty()) {
          throw new DatabaseException(
              String.format(
                  Locale.ROOT,
                  "pgsafe: %s hit lock_timeout %s and was not retried, because its transaction"
                      + " already holds %s from earlier statements of this changeset, and waiting"
                      + " while holding them would make the application wait; %s. Liquibase"
                      + " rolls back the whole changeset; nothing of it is applied. Run the update"
                      + " again, or move the statement into a changeset of its own so pgsafe can"
                      + " retry it.",
                  abbreviated(sql),
                  format(lockTimeout),
                  String.join(", ", held),
                  blockers),
              e);
        }
        if (attempt >= settings.retryMaxAttempts()
            || elapsed.plus(delay).compareTo(settings.retryMaxTotalTime()) > 0) {
          throw new DatabaseException(
              String.format(
                  Locale.ROOT,
                  "pgsafe gave up on %s after %d attempts in %d ms (lock_timeout %s;"
                      + " liquibase.pgsafe.retry.maxAttempts=%d,"
                      + " liquibase.pgsafe.retry.maxTotalTime=%s); the last attempt was %s."
                      + " Every attempt was rolled back to its savepoint; Liquibase rolls back"
                      + " the changeset, so nothing of it is applied. Run again when the blocking"
                      + " sessions end.",
                  abbreviated(sql),
                  attempt,
                  elapsed.toMillis(),
                  format(lockTimeout),
                  settings.retryMaxAttempts(),
                  format(settings.retryMaxTotalTime()),
                  blockers),
              e);
        }
        LOG.warn(
            "pgsafe: attempt {} of {} at {} hit lock_timeout {}; rolled back to its savepoint;"
                + " {}. Next attempt in {} ms.",
            attempt,
            settings.retryMaxAttempts(),
            abbreviated(sql),
            format(lockTimeout),
            blockers,
            delay.toMillis());
        sleep(jittered(delay));
        delay = min(delay.multipliedBy(2), settings.retryMaxDelay());
      }
    }
  }

  /** Runs one statement through Liquibase's JDBC path, unwrapping its SQLException. */
  private void executeUnwrapped(SqlStatement statement, List<SqlVisitor> visitors)
      throws SQLException {
    try {
      super.execute(statement, visitors);
    } catch (DatabaseException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof SQLException)) {
        cause = cause.getCause();
      }
      if (cause instanceof SQLException sqlException) {
        throw sqlException;
      }
      throw new SQLException(e.getMessage(), e);
    }
  }

  private static Duration lockTimeout(PgsafeSettings settings, int attempt) {
    if (settings.retrySchedule() == RetrySchedule.DEFAULT) {
      return settings.lockTimeout();
    }
    Duration escalated = settings.lockTimeout().multipliedBy(1L << Math.min(attempt - 1, 20));
    return min(escalated, settings.retryMaxLockTimeout());
  }

  private static SessionTimeouts.Timeouts timeouts(
      PgsafeSettings settings, Duration lockTimeout, Duration statementTimeout) {
    return new SessionTimeouts.Timeouts(
        lockTimeout, statementTimeout, settings.transactionTimeout());
  }

  /**
   * Whether the statement is one of those that run long by design without blocking anyone (CREATE
   * INDEX CONCURRENTLY, VALIDATE CONSTRAINT, REINDEX CONCURRENTLY, VACUUM): its strongest lock is
   * SHARE UPDATE EXCLUSIVE. Data changes (ROW EXCLUSIVE) are not: their row locks make application
   * writes to those rows wait, so they keep the short statementTimeout.
   */
  static boolean runsLong(String sql) {
    try {
      List<Operation> operations = Analyzer.forUnknownVersion().analyzeScript(sql);
      if (operations.isEmpty()) {
        return false;
      }
      for (Operation operation : operations) {
        if (operation.isUnrecognised()
            || operation.strongestLock().map(LockMode::blocksWrites).orElse(false)) {
          return false;
        }
      }
      return operations.stream()
          .anyMatch(o -> o.strongestLock().orElse(null) == LockMode.SHARE_UPDATE_EXCLUSIVE);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Who holds a lock on the statement's tables now, seen from this connection after its attempt was
   * rolled back: {@code blocked by pid 4242 (idle in transaction for 3s, ...)}. A blocker that
   * ended in between is not seen; the message says so.
   */
  private static String blockers(Connection connection, PgsafeSettings settings, String sql) {
    try {
      return Blocker.describe(
          Blocker.holding(
              connection,
              relations(sql),
              backendPid(connection),
              settings.blockerReportIncludeQuery()));
    } catch (SQLException e) {
      LOG.debug("pgsafe could not look up the blockers of {}", abbreviated(sql), e);
      return "the blocking session could not be looked up";
    }
  }

  /** The relations the statement locks, quoted, as the analyzer names them. */
  static List<String> relations(String sql) {
    List<String> relations = new ArrayList<>();
    try {
      for (Operation operation : Analyzer.forUnknownVersion().analyzeScript(sql)) {
        for (RelationLock lock : operation.locks()) {
          RelationName name = lock.relation();
          if (!name.equals(RelationLock.ANY_RELATION)) {
            String quoted = Identifiers.quoteQualified(name.schema().orElse(null), name.name());
            if (!relations.contains(quoted)) {
              relations.add(quoted);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("pgsafe could not analyse {}", abbreviated(sql), e);
    }
    return relations;
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Relation locks other than ACCESS SHARE that this session's transaction holds. */
  private static List<String> strongLocksHeld(Connection connection) throws DatabaseException {
    List<String> held = new ArrayList<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT l.mode, coalesce(c.relname, l.relation::text) FROM pg_locks l"
                    + " LEFT JOIN pg_class c ON c.oid = l.relation"
                    + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
                    + " AND l.mode <> 'AccessShareLock' AND l.database = (SELECT oid FROM"
                    + " pg_database WHERE datname = current_database())");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        held.add(rs.getString(1) + " on " + rs.getString(2));
      }
    } catch (SQLException e) {
      throw new DatabaseException("pgsafe could not read its own locks: " + e.getMessage(), e);
    }
    return held;
  }

  private String sqlOf(SqlStatement statement) {
    List<String> parts = new ArrayList<>();
    for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
      parts.add(sql.toSql());
    }
    return String.join(";\n", parts);
  }

  private static boolean autoCommit(Connection connection) throws DatabaseException {
    try {
      return connection.getAutoCommit();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private static void rollbackTo(Connection connection, Savepoint savepoint, SQLException cause)
      throws DatabaseException {
    try {
      connection.rollback(savepoint);
    } catch (SQLException e) {
      cause.addSuppressed(e);
      throw new DatabaseException(cause.getMessage(), cause);
    }
  }

  static String abbreviated(String sql) {
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  private static String format(Duration duration) {
    return PgsafeSettings.LOCK_TIMEOUT.format(duration);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration jittered(Duration delay) {
    return Duration.ofMillis(
        (long) (delay.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
  }

  private static void sleep(Duration delay) throws DatabaseException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("pgsafe was interrupted while waiting to retry", e);
    }
  }
}
