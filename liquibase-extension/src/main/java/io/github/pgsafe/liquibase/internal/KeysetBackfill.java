package io.github.pgsafe.liquibase.internal;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An UPDATE of many rows in small committed batches that walk the primary key (keyset), up to the
 * largest key that existed at the start, so concurrent inserts cannot keep it running and finished
 * rows are never scanned again. Each batch is one short transaction with lock_timeout and retries;
 * row locks are held for one batch only.
 *
 * <p>Resumable: a run that stopped (failure, kill, deploy aborted) leaves every finished batch
 * committed. With a {@code predicate} that finished rows no longer match ({@code new_col IS NULL}),
 * running it again only touches the rows left; without one it updates every row again, which is
 * harmless for idempotent assignments.
 *
 * <p>Stand-in for the runtime's BatchedBackfill until that operation lands in pgsafe-common.
 */
public final class KeysetBackfill implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(KeysetBackfill.class);

  private final TableName table;
  private final String assignments;
  private final Optional<String> predicate;
  private final int batchSize;
  private final Duration pause;
  private final Optional<String> keyColumn;
  private final LockRetry retry;

  public KeysetBackfill(
      TableName table,
      String assignments,
      Optional<String> predicate,
      int batchSize,
      Duration pause,
      Optional<String> keyColumn,
      LockRetry retry) {
    this.table = table;
    this.assignments = assignments;
    this.predicate = predicate;
    this.batchSize = batchSize;
    this.pause = pause;
    this.keyColumn = keyColumn;
    this.retry = retry;
  }

  private String batchSql(String key, boolean first) {
    String k = Identifiers.quote(key);
    return "WITH batch AS (SELECT "
        + k
        + " FROM "
        + table.sql()
        + " WHERE "
        + (first ? "" : k + " > ? AND ")
        + k
        + " <= ?"
        + predicate.map(p -> " AND (" + p + ")").orElse("")
        + " ORDER BY "
        + k
        + " LIMIT "
        + batchSize
        + "), updated AS (UPDATE "
        + table.sql()
        + " t SET "
        + assignments
        + " FROM batch WHERE t."
        + k
        + " = batch."
        + k
        + " RETURNING t."
        + k
        + ") SELECT max("
        + k
        + "), count(*) FROM updated";
  }

  @Override
  public List<PlanStep> plan() {
    String key = keyColumn.orElse("<primary key>");
    String k = keyColumn.map(Identifiers::quote).orElse(key);
    return List.of(
        new PlanStep(
            "SELECT max(" + k + ") FROM " + table.sql(),
            List.of(new PlanStep.Lock(table.sql(), LockMode.ACCESS_SHARE)),
            false,
            "the upper bound, taken once at the start"),
        new PlanStep(
            "UPDATE "
                + table.sql()
                + " SET "
                + assignments
                + " WHERE "
                + k
                + " IN (next "
                + batchSize
                + " keys after the last batch, up to the bound"
                + predicate.map(p -> ", WHERE " + p).orElse("")
                + ")",
            List.of(new PlanStep.Lock(table.sql(), LockMode.ROW_EXCLUSIVE)),
            true,
            "repeated, one committed transaction per batch"
                + (pause.isZero() ? "" : ", " + pause.toMillis() + " ms apart")
                + "; row locks last one batch"));
  }

  @Override
  public void run(Connection connection) {
    String key = keyColumn.orElseGet(() -> primaryKey(connection));
    Object upper = upperBound(connection, key);
    if (upper == null) {
      LOG.info("pgsafe: {} is empty; backfill has nothing to do", table.display());
      return;
    }
    long start = System.nanoTime();
    long rows = 0;
    long batches = 0;
    Object last = null;
    while (true) {
      Object lower = last;
      String sql = batchSql(key, lower == null);
      Object[] result =
          retry.run(
              connection,
              Unit.transaction(
                      "backfill batch of " + table.display() + " after " + key + " " + lower,
                      c -> {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                          int i = 1;
                          if (lower != null) {
                            ps.setObject(i++, lower);
                          }
                          ps.setObject(i, upper);
                          try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return new Object[] {rs.getObject(1), rs.getLong(2)};
                          }
                        }
                      })
                  .withRelations(List.of(table.sql())));
      long count = (Long) result[1];
      if (count == 0) {
        break;
      }
      last = result[0];
      rows += count;
      batches++;
      if (batches % 50 == 0) {
        double seconds = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        LOG.info(
            "pgsafe: backfill of {}: {} rows in {} batches, {} rows/s, at {} {} of {}",
            table.display(),
            rows,
            batches,
            Math.round(rows / seconds),
            key,
            last,
            upper);
      }
      if (!pause.isZero()) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PgsafeException(
              "pgsafe backfill of "
                  + table.display()
                  + " was interrupted after "
                  + rows
                  + " rows; every finished batch is committed. Run again to go on.",
              e);
        }
      }
    }
    LOG.info(
        "pgsafe: backfill of {} done: {} rows in {} batches, {} ms",
        table.display(),
        rows,
        batches,
        (System.nanoTime() - start) / 1_000_000);
  }

  private Object upperBound(Connection connection, String key) {
    return retry.run(
        connection,
        Unit.transaction(
            "read the upper bound of " + table.display(),
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT max(" + Identifiers.quote(key) + ") FROM " + table.sql());
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1);
              }
            }));
  }

  private String primaryKey(Connection connection) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = ANY (i.indkey) WHERE i.indrelid = to_regclass(?) AND"
                + " i.indisprimary")) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PgsafeException(
              "pgsafe cannot backfill "
                  + table.display()
                  + ": it has no primary key to walk. Nothing was changed. Set keyColumn to a"
                  + " unique, indexed column.");
        }
        String column = rs.getString(1);
        if (rs.next()) {
          throw new PgsafeException(
              "pgsafe cannot backfill "
                  + table.display()
                  + ": its primary key has several columns. Nothing was changed. Set keyColumn"
                  + " to a unique, indexed column.");
        }
        return column;
      }
    } catch (SQLException e) {
      throw new PgsafeException(
          "pgsafe could not read the primary key of " + table.display() + ": " + e.getMessage(), e);
    }
  }
}
