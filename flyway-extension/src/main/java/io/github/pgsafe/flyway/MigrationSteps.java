package io.github.pgsafe.flyway;

import io.github.pgsafe.operations.BatchedBackfill;
import io.github.pgsafe.operations.ConcurrentIndex;
import io.github.pgsafe.operations.Constraint;
import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.operations.IndexDefinition;
import io.github.pgsafe.operations.SafeNotNull;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.operations.UniqueConstraint;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;

/**
 * pgsafe's safe operations, bound to one Java migration's connection and settings. Each method runs
 * one operation of common ({@code io.github.pgsafe.operations}) to its end and commits it; the
 * factory methods ({@link #backfill}, {@link #renameColumn}, {@link #changeType}) return the
 * operation for options, to pass to {@link #run} or {@link #expand}/{@link #contract}.
 */
public final class MigrationSteps {
  private final Connection connection;
  private final LockRetry retry;

  private MigrationSteps(Connection connection, LockRetry retry) {
    this.connection = connection;
    this.retry = retry;
  }

  /**
   * The steps for the migration Flyway is running.
   *
   * @throws FlywayException before anything runs, if Flyway runs the migration in a transaction or
   *     holds its lock in one (where CREATE INDEX CONCURRENTLY would wait forever)
   */
  public static MigrationSteps of(Context context) {
    Configuration configuration = context.getConfiguration();
    Connection connection = context.getConnection();
    try {
      if (!connection.getAutoCommit()) {
        throw new FlywayException(
            "pgsafe: this Java migration runs inside Flyway's transaction, but pgsafe's operations"
                + " commit their own; nothing was run. Extend PgsafeJavaMigration, or override"
                + " canExecuteInTransaction() to return false.");
      }
    } catch (SQLException e) {
      throw new FlywayException("pgsafe could not inspect the connection: " + e.getMessage(), e);
    }
    if (LintGate.transactionalLock(configuration)) {
      throw new FlywayException(
          "pgsafe: this Java migration cannot run while flyway.postgresql.transactional.lock is"
              + " true, because Flyway would wait forever on CREATE INDEX CONCURRENTLY and"
              + " VALIDATE CONSTRAINT. Nothing was run. Set flyway.postgresql.transactional.lock="
              + "false (env FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK=false, Spring Boot"
              + " spring.flyway.postgresql.transactional-lock=false) and run again.");
    }
    FlywaySettings settings = PgsafeCallback.settingsOf(configuration);
    LockRetry retry =
        Monitors.of(configuration)
            .map(monitors -> LockRetry.create(settings.runtime(), monitors))
            .orElseGet(() -> LockRetry.withoutMonitor(settings.runtime()));
    return new MigrationSteps(connection, retry);
  }

  /** The migration's connection, in auto-commit mode. */
  public Connection connection() {
    return connection;
  }

  /** The lock retries of this migration, for operations built by hand. */
  public LockRetry retry() {
    return retry;
  }

  /** Runs {@code operation} to its end. */
  public void run(SafeOperation operation) {
    operation.run(connection);
  }

  /**
   * Runs one statement in a transaction of its own, with lock_timeout, retried on lock timeouts:
   * for short DDL such as {@code ALTER TABLE ... ADD COLUMN}.
   */
  public void execute(String sql) {
    retry.run(
        connection,
        Unit.<Void>transaction(
            sql,
            c -> {
              try (java.sql.Statement st = c.createStatement()) {
                st.execute(sql);
              }
              return null;
            }));
  }

  /** {@code CREATE INDEX CONCURRENTLY}; an INVALID leftover of an earlier attempt is dropped. */
  public void createIndex(IndexDefinition index) {
    run(ConcurrentIndex.create(index, retry));
  }

  /** {@code DROP INDEX CONCURRENTLY}. */
  public void dropIndex(TableName index) {
    run(ConcurrentIndex.drop(index, retry));
  }

  /** {@code SET NOT NULL} without a long ACCESS EXCLUSIVE scan, through a validated CHECK. */
  public void setNotNull(TableName table, String column) {
    run(SafeNotNull.of(table, column, retry));
  }

  /** A CHECK constraint, added {@code NOT VALID} and then validated. */
  public void addCheck(TableName table, String name, String expressionSql) {
    run(Constraint.check(table, name, expressionSql, retry));
  }

  /** A foreign key, added {@code NOT VALID} and then validated. */
  public void addForeignKey(
      TableName table,
      String name,
      List<String> columns,
      TableName referenced,
      List<String> referencedColumns) {
    run(Constraint.foreignKey(table, name, columns, referenced, referencedColumns, retry));
  }

  /** A UNIQUE constraint over a unique index built concurrently. */
  public void addUnique(TableName table, String name, List<String> columns) {
    run(UniqueConstraint.unique(table, name, columns, retry));
  }

  /** A batched backfill of {@code table}, to configure and pass to {@link #run}. */
  public BatchedBackfill backfill(TableName table, String assignmentsSql) {
    return BatchedBackfill.of(table, assignmentsSql, retry);
  }

  /**
   * A column rename in expand/contract phases, to pass to {@link #expand} and {@link #contract}.
   */
  public ExpandContract renameColumn(TableName table, String from, String to) {
    return ExpandContract.renameColumn(table, from, to, retry);
  }

  /** A column type change in expand/contract phases (see {@link ExpandContract#changeType}). */
  public ExpandContract changeType(
      TableName table, String column, String newType, String toNewSql, String toOldSql) {
    return ExpandContract.changeType(table, column, newType, toNewSql, toOldSql, retry);
  }

  /** The expand phase: both columns exist and stay in sync; old and new code both work. */
  public void expand(ExpandContract change) {
    change.expand(connection);
  }

  /** The contract phase, once no code uses the old column: the old column goes. */
  public void contract(ExpandContract change) {
    change.contract(connection);
  }
}
