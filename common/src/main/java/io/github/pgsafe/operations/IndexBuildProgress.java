package io.github.pgsafe.operations;

import io.github.pgsafe.runtime.ConnectionSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY from {@code
 * pg_stat_progress_create_index}, read on a side connection every {@link #INTERVAL}: the phase,
 * blocks and tuples done, and a percentage. One thread and one connection, both gone after {@link
 * #close}.
 */
final class IndexBuildProgress implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(IndexBuildProgress.class);

  private final Connection connection;
  private final Thread thread;
  private final int pid;
  private final String what;
  private final long started = System.nanoTime();
  private volatile boolean closed;

  private IndexBuildProgress(Connection connection, int pid, String what) {
    this.connection = connection;
    this.pid = pid;
    this.what = what;
    this.thread = connection == null ? null : new Thread(this::loop, "pgsafe-progress-" + pid);
    if (thread != null) {
      thread.setDaemon(true);
      thread.start();
    }
  }

  static IndexBuildProgress start(Optional<ConnectionSource> source, int pid, String what) {
    if (source.isEmpty()) {
      return new IndexBuildProgress(null, pid, what);
    }
    try {
      return new IndexBuildProgress(source.get().open(), pid, what);
    } catch (SQLException e) {
      LOG.warn("pgsafe cannot report the progress of {}: {}", what, e.getMessage());
      return new IndexBuildProgress(null, pid, what);
    }
  }

  private void loop() {
    String sql =
        "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total, lockers_done,"
            + " lockers_total FROM pg_stat_progress_create_index WHERE pid = ?";
    String last = "";
    long start = System.nanoTime();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setInt(1, pid);
      while (!closed) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            String line = line(rs);
            if (!line.equals(last)) {
              LOG.info(
                  "pgsafe: {}: {} ({}s)", what, line, (System.nanoTime() - start) / 1_000_000_000);
              last = line;
            }
          }
        }
        Thread.sleep(INTERVAL.toMillis());
      }
    } catch (SQLException e) {
      if (!closed) {
        LOG.debug("pgsafe stopped reporting the progress of {}: {}", what, e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String line(ResultSet rs) throws SQLException {
    String phase = rs.getString(1);
    long blocksDone = rs.getLong(2);
    long blocksTotal = rs.getLong(3);
    long tuplesDone = rs.getLong(4);
    long tuplesTotal = rs.getLong(5);
    long lockersDone = rs.getLong(6);
    long lockersTotal = rs.getLong(7);
    StringBuilder out = new StringBuilder(phase);
    if (blocksTotal > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              ", blocks %d of %d (%.0f%%)",
              blocksDone,
              blocksTotal,
              100.0 * blocksDone / blocksTotal));
    }
    if (tuplesTotal > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              ", tuples %d of %d (%.0f%%)",
              tuplesDone,
              tuplesTotal,
              100.0 * tuplesDone / tuplesTotal));
    }
    if (lockersTotal > 0) {
      out.append(
          String.format(
              Locale.ROOT, ", waited for %d of %d transactions", lockersDone, lockersTotal));
    }
    return out.toString();
  }

  /** The build has ended well: stop sampling and log the total time. */
  void finish() {
    closed = true;
    LOG.info("pgsafe: {}: done in {}ms", what, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      try {
        thread.join(INTERVAL.toMillis() + 2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing the progress connection failed", e);
      }
    }
  }
}
