package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the batches of one {@link BatchedBackfill} from its checkpoint to its upper bound. */
final class BatchLoop {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedBackfill.class);
  private static final Duration LAG_POLL = Duration.ofSeconds(1);

  /** What one committed batch did; {@code next} empty means the backfill is done. */
  private record Batch(Optional<List<String>> next, long scanned, long updated) {}

  private final Connection connection;
  private final String name;
  private final TableName table;
  private final BackfillKey key;
  private final BatchSql sql;
  private final BackfillSettings settings;
  private final LockRetry retry;
  private final BatchSizer sizer;
  private final List<String> upper;
  private final long estimatedRows;

  private Optional<List<String>> last;
  private long rowsDone;
  private long rowsScanned;
  private long batches;

  BatchLoop(
      Connection connection,
      String name,
      TableName table,
      BackfillKey key,
      BatchSql sql,
      BackfillSettings settings,
      LockRetry retry,
      BackfillCheckpoint.State state,
      long estimatedRows) {
    this.connection = connection;
    this.name = name;
    this.table = table;
    this.key = key;
    this.sql = sql;
    this.settings = settings;
    this.retry = retry;
    this.sizer = new BatchSizer(settings);
    this.upper = state.upperKey().orElseThrow();
    this.estimatedRows = estimatedRows;
    this.last = state.lastKey();
    this.rowsDone = state.rowsDone();
    this.rowsScanned = state.rowsScanned();
    this.batches = state.batches();
  }

  void run() throws SQLException {
    if (last.isPresent()) {
      LOG.info(
          "pgsafe: backfill {} of {} resumes after key {} ({} rows done in {} batches)",
          name,
          table.display(),
          last.get(),
          rowsDone,
          batches);
    }
    long start = System.nanoTime();
    long lastLog = start;
    long doneAtStart = rowsDone;
    long scannedAtStart = rowsScanned;
    try (PreparedStatement boundFirst = connection.prepareStatement(sql.bound(true));
        PreparedStatement bound = connection.prepareStatement(sql.bound(false));
        PreparedStatement updateFirst = connection.prepareStatement(sql.update(true));
        PreparedStatement update = connection.prepareStatement(sql.update(false));
        PreparedStatement advance = BackfillCheckpoint.prepareAdvance(connection)) {
      while (true) {
        throttle();
        int size = sizer.size();
        long batchStart = System.nanoTime();
        Batch batch;
        try {
          batch =
              retry.run(
                  connection,
                  Unit.transaction(
                          "backfill " + name + " batch " + (batches + 1),
                          c ->
                              batch(
                                  last.isEmpty() ? boundFirst : bound,
                                  last.isEmpty() ? updateFirst : update,
                                  advance,
                                  size))
                      .withRelations(List.of(table.sql())));
        } catch (PgsafeException e) {
          throw stopped(e);
        }
        rowsDone += batch.updated();
        rowsScanned += batch.scanned();
        if (batch.scanned() > 0) {
          batches++;
        }
        if (batch.next().isEmpty()) {
          break;
        }
        sizer.observe((int) batch.scanned(), Duration.ofNanos(System.nanoTime() - batchStart));
        last = batch.next();
        long now = System.nanoTime();
        if (now - lastLog >= settings.progressInterval().toNanos()) {
          lastLog = now;
          progress(now - start, rowsDone - doneAtStart, rowsScanned - scannedAtStart);
        }
        if (!settings.pause().isZero()) {
          sleep(settings.pause());
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    LOG.info(
        "pgsafe: backfill {} of {} done: {} rows updated ({} keys walked) in {} batches; this run"
            + " {} rows in {} ({} rows/s)",
        name,
        table.display(),
        rowsDone,
        rowsScanned,
        batches,
        rowsDone - doneAtStart,
        human(took),
        rate(rowsDone - doneAtStart, took.toNanos()));
  }

  private Batch batch(
      PreparedStatement bound, PreparedStatement update, PreparedStatement advance, int size)
      throws SQLException {
    int p = 1;
    if (last.isPresent()) {
      p = key.bind(bound, p, last.get());
    }
    p = key.bind(bound, p, upper);
    bound.setInt(p, size);
    List<String> next;
    long scanned;
    try (ResultSet rs = bound.executeQuery()) {
      if (!rs.next()) {
        if (!BackfillCheckpoint.finish(connection, name, last)) {
          throw moved();
        }
        return new Batch(Optional.empty(), 0, 0);
      }
      next = key.read(rs);
      scanned = rs.getLong(key.size() + 1);
    }
    p = 1;
    if (last.isPresent()) {
      p = key.bind(update, p, last.get());
    }
    key.bind(update, p, next);
    long updated = update.executeLargeUpdate();
    boolean done = next.equals(upper);
    if (!BackfillCheckpoint.advance(advance, name, last, next, updated, scanned, done)) {
      throw moved();
    }
    return new Batch(done ? Optional.empty() : Optional.of(next), scanned, updated);
  }

  private PgsafeException moved() {
    return new PgsafeException(
        "pgsafe stopped backfill "
            + name
            + " of "
            + table.display()
            + ": its checkpoint in pgsafe_backfill is no longer at key "
            + last.map(Object::toString).orElse("(start)")
            + ", so another session changed it. The batch was rolled back. Run again to resume"
            + " from the recorded checkpoint.");
  }

  private PgsafeException stopped(PgsafeException cause) {
    return new PgsafeException(
        "pgsafe stopped backfill "
            + name
            + " of "
            + table.display()
            + " in batch "
            + (batches + 1)
            + ": "
            + cause.getMessage()
            + " The "
            + batches
            + " batches before it are committed and recorded in pgsafe_backfill ("
            + rowsDone
            + " rows, last key "
            + last.map(Object::toString).orElse("none")
            + "). Fix the cause and run the same backfill again: it resumes after that key.",
        cause);
  }

  /** Waits while a standby's replay_lag is above backfill.maxReplicationLag. */
  private void throttle() throws SQLException {
    if (settings.maxReplicationLag().isEmpty()) {
      return;
    }
    Duration max = settings.maxReplicationLag().get();
    long lastLog = 0;
    while (true) {
      Duration lag = replicationLag();
      if (lag.compareTo(max) <= 0) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastLog >= settings.progressInterval().toNanos()) {
        lastLog = now;
        LOG.info(
            "pgsafe: backfill {} pauses: a standby's replay_lag is {} (backfill.maxReplicationLag"
                + " {})",
            name,
            human(lag),
            human(max));
      }
      sleep(LAG_POLL);
    }
  }

  private Duration replicationLag() throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT coalesce(max(extract(epoch FROM replay_lag)) * 1000, 0)::bigint"
                    + " FROM pg_stat_replication");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return Duration.ofMillis(rs.getLong(1));
    }
  }

  private void progress(long nanos, long doneThisRun, long scannedThisRun) {
    String eta = "unknown";
    long remaining = estimatedRows - rowsScanned;
    if (estimatedRows > 0 && scannedThisRun > 0) {
      eta =
          remaining <= 0
              ? "soon"
              : human(Duration.ofNanos((long) ((double) remaining * nanos / scannedThisRun)));
    }
    LOG.info(
        "pgsafe: backfill {} of {}: {} rows updated, {} of ~{} keys walked, {} batches"
            + " (now {} rows each), {} rows/s, ETA {}",
        name,
        table.display(),
        rowsDone,
        rowsScanned,
        estimatedRows,
        batches,
        sizer.size(),
        rate(doneThisRun, nanos),
        eta);
  }

  private static long rate(long rows, long nanos) {
    return nanos <= 0 ? 0 : Math.round(rows * 1e9 / nanos);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return (ms / 60_000) + "min " + (ms % 60_000) / 1000 + "s";
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgsafeException(
          "pgsafe: backfill "
              + name
              + " was interrupted after "
              + batches
              + " batches; they are committed and recorded in pgsafe_backfill. Run again to"
              + " resume.",
          e);
    }
  }
}
