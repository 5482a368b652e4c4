package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code UPDATE table SET <assignments> WHERE <predicate>} in batches that walk the table's key
 * (primary key, or a unique index on NOT NULL columns) with a keyset cursor, each batch its own
 * short transaction:
 *
 * <pre>
 * -- once: the upper bound, so rows inserted later cannot keep the backfill running
 * SELECT max key FROM t
 * -- each batch, in one transaction with lock_timeout, statement_timeout and retry:
 * SELECT key of the n-th next row   (index-only scan of at most n keys after the cursor)
 * UPDATE t SET ... WHERE key &gt; $last AND key &lt;= $next AND (predicate)
 * UPDATE pgsafe_backfill SET last_key = $next, ... WHERE name = $name AND last_key = $last
 * </pre>
 *
 * Because the cursor moves in the same transaction as the batch, a run that is killed resumes after
 * the last committed batch: no row is skipped, and no row is updated by two batches. The batch size
 * adapts to {@code backfill.targetBatchTime} (see {@link BackfillSettings}).
 *
 * <p>The assignments and the predicate are SQL written by the migration author and are trusted;
 * PostgreSQL checks them (EXPLAIN) before the first batch. They must not change key columns. Rows
 * inserted behind the cursor or above the upper bound are not touched: the application (or a
 * trigger) must write them correctly, which is what {@link ExpandContract} arranges.
 */
public final class BatchedBackfill implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedBackfill.class);
  private static final String QUERY_CANCELED = "57014";

  private final TableName table;
  private final String assignments;
  private final Optional<String> predicate;
  private final Optional<String> name;
  private final BackfillSettings settings;
  private final LockRetry retry;

  private BatchedBackfill(
      TableName table,
      String assignments,
      Optional<String> predicate,
      Optional<String> name,
      BackfillSettings settings,
      LockRetry retry) {
    if (assignments.isBlank()) {
      throw new PgsafeException(
          "pgsafe cannot backfill "
              + table.display()
              + ": the assignments are empty; nothing was run. Pass SQL such as"
              + " \"user_email = (SELECT email FROM users WHERE users.id = orders.user_id)\".");
    }
    this.table = table;
    this.assignments = assignments.strip();
    this.predicate = predicate.map(String::strip);
    this.name = name;
    this.settings = settings;
    this.retry = retry;
  }

  /**
   * A backfill of {@code table} that sets {@code assignmentsSql} (the SET list, e.g. {@code
   * "user_email = (SELECT email FROM users u WHERE u.id = orders.user_id)"}) on every row, with
   * {@link BackfillSettings#defaults()}.
   */
  public static BatchedBackfill of(TableName table, String assignmentsSql, LockRetry retry) {
    return new BatchedBackfill(
        table,
        assignmentsSql,
        Optional.empty(),
        Optional.empty(),
        BackfillSettings.defaults(),
        retry);
  }

  /** Only rows where {@code predicateSql} holds, e.g. {@code "user_email IS NULL"}. */
  public BatchedBackfill where(String predicateSql) {
    return new BatchedBackfill(
        table, assignments, Optional.of(predicateSql), name, settings, retry);
  }

  /**
   * The name under which {@code pgsafe_backfill} records progress; a run with the same name
   * resumes. Defaults to the table and a hash of the assignments and predicate.
   */
  public BatchedBackfill named(String backfillName) {
    if (backfillName.isBlank()) {
      throw new PgsafeException("pgsafe: a backfill name must not be blank; nothing was run.");
    }
    return new BatchedBackfill(
        table, assignments, predicate, Optional.of(backfillName), settings, retry);
  }

  public BatchedBackfill settings(BackfillSettings backfillSettings) {
    return new BatchedBackfill(table, assignments, predicate, name, backfillSettings, retry);
  }

  /** A fixed batch size instead of the adaptive one. */
  public BatchedBackfill batchSize(int rows) {
    return settings(settings.withBatchSize(rows));
  }

  /** A pause between batches. */
  public BatchedBackfill pause(Duration betweenBatches) {
    return settings(settings.withPause(betweenBatches));
  }

  /** The name of this backfill's row in {@code pgsafe_backfill}. */
  public String name() {
    return name.orElseGet(() -> table.display() + "#" + hash(definition()).substring(0, 12));
  }

  /** {@code SET <assignments> [WHERE <predicate>]}: what a resume must match. */
  String definition() {
    return "SET " + assignments + predicate.map(p -> " WHERE " + p).orElse("");
  }

  @Override
  public List<PlanStep> plan() {
    BatchSql sql = new BatchSql(table, templateKey(), assignments, predicate);
    PlanStep.Lock rowExclusive = new PlanStep.Lock(table.sql(), LockMode.ROW_EXCLUSIVE);
    return List.of(
        new PlanStep(BackfillCheckpoint.CREATE_SQL, List.of(), true, "once; skipped if it exists"),
        new PlanStep(
            sql.upper(),
            List.of(new PlanStep.Lock(table.sql(), LockMode.ACCESS_SHARE)),
            true,
            "once, at the start: the upper bound; a resume keeps the recorded one"),
        new PlanStep(
            sql.bound(false),
            List.of(new PlanStep.Lock(table.sql(), LockMode.ACCESS_SHARE)),
            true,
            "each batch: the key of the n-th next row; <key> is the primary key or a unique NOT"
                + " NULL key, found at run time"),
        new PlanStep(
            sql.update(false),
            List.of(rowExclusive),
            true,
            "same transaction: row locks held only until this batch commits"),
        new PlanStep(
            "UPDATE pgsafe_backfill SET last_key = $next, ... WHERE name = $name"
                + " AND last_key = $last",
            List.of(),
            true,
            "same transaction: the checkpoint commits with the batch"));
  }

  private static BackfillKey templateKey() {
    return new BackfillKey(List.of("<key>"), List.of("<key type>"), "the table's key");
  }

  @Override
  public void run(Connection connection) {
    String backfill = name();
    BackfillKey key;
    try {
      key = BackfillKey.of(connection, table);
    } catch (SQLException e) {
      throw failed("look up the key of " + table.display(), e);
    }
    BatchSql sql = new BatchSql(table, key, assignments, predicate);
    check(connection, sql);
    retry.run(
        connection,
        Unit.transaction("CREATE TABLE IF NOT EXISTS pgsafe_backfill", BackfillCheckpoint::create));
    AdvisoryLock lock;
    try {
      lock = AdvisoryLock.acquire(connection, backfill, table);
    } catch (SQLException e) {
      throw failed("lock backfill " + backfill, e);
    }
    try {
      BackfillCheckpoint.State state = startOrResume(connection, backfill, key, sql);
      if (BackfillCheckpoint.DONE.equals(state.status())) {
        LOG.info(
            "pgsafe: backfill {} of {} is already done ({} rows in {} batches); nothing to do",
            backfill,
            table.display(),
            state.rowsDone(),
            state.batches());
        return;
      }
      new BatchLoop(
              connection,
              backfill,
              table,
              key,
              sql,
              settings,
              batchRetry(),
              state,
              estimate(connection))
          .run();
    } catch (SQLException e) {
      throw failed("run backfill " + backfill, e);
    } finally {
      lock.release();
    }
  }

  /** Batches take row locks only; lock_timeout bounds their waits, no watchdog connection. */
  private LockRetry batchRetry() {
    return LockRetry.withoutMonitor(retry.settings());
  }

  private void check(Connection connection, BatchSql sql) {
    try {
      retry.run(
          connection,
          Unit.<Void>transaction(
              "EXPLAIN of the backfill of " + table.display(),
              c -> {
                try (Statement st = c.createStatement()) {
                  st.execute(sql.explain());
                }
                return null;
              }));
    } catch (PgsafeException e) {
      throw new PgsafeException(
          "pgsafe cannot backfill "
              + table.display()
              + " with "
              + definition()
              + ": PostgreSQL rejects it ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + "). Nothing was run. Fix the assignments or the predicate (they are SQL on "
              + table.display()
              + ") and run again.",
          e);
    }
  }

  private BackfillCheckpoint.State startOrResume(
      Connection connection, String backfill, BackfillKey key, BatchSql sql) {
    return retry.run(
        connection,
        Unit.transaction(
            "start backfill " + backfill,
            c -> {
              Optional<BackfillCheckpoint.State> recorded = BackfillCheckpoint.read(c, backfill);
              if (recorded.isPresent()) {
                requireSame(backfill, recorded.get(), key);
                return recorded.get();
              }
              Optional<List<String>> upper = upper(c, sql, key);
              BackfillCheckpoint.start(
                  c, backfill, table.sql(), definition(), key.columns(), upper);
              LOG.info(
                  "pgsafe: backfill {} of {} starts: {}, walking {} ({}) up to {}",
                  backfill,
                  table.display(),
                  definition(),
                  key.list(),
                  key.source(),
                  upper.map(Object::toString).orElse("nothing (the table is empty)"));
              return BackfillCheckpoint.read(c, backfill).orElseThrow();
            }));
  }

  private void requireSame(String backfill, BackfillCheckpoint.State state, BackfillKey key) {
    if (!state.tableName().equals(table.sql())
        || !state.definition().equals(definition())
        || !state.keyColumns().equals(key.columns())) {
      throw new PgsafeException(
          "pgsafe cannot resume backfill "
              + backfill
              + ": pgsafe_backfill records it for "
              + state.tableName()
              + " "
              + state.definition()
              + " walking "
              + state.keyColumns()
              + ", but this run is for "
              + table.sql()
              + " "
              + definition()
              + " walking "
              + key.columns()
              + ". Nothing was run. Give this backfill its own name (BatchedBackfill.named), or"
              + " delete the old row: DELETE FROM pgsafe_backfill WHERE name = '"
              + backfill.replace("'", "''")
              + "'.");
    }
  }

  private static Optional<List<String>> upper(Connection c, BatchSql sql, BackfillKey key)
      throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql.upper())) {
      return rs.next() ? Optional.of(key.read(rs)) : Optional.empty();
    }
  }

  private long estimate(Connection connection) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private PgsafeException failed(String what, SQLException e) {
    return new PgsafeException(
        "pgsafe could not "
            + what
            + ": "
            + e.getMessage()
            + (QUERY_CANCELED.equals(e.getSQLState()) ? " (statement_timeout)" : "")
            + ". Committed batches are recorded in pgsafe_backfill; run again to resume.",
        e);
  }
}
