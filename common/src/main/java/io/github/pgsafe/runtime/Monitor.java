package io.github.pgsafe.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one backend from a second connection while {@link LockRetry} runs a unit on it. Every
 * {@code watchdog.interval} it samples:
 *
 * <ul>
 *   <li>the <b>blockers</b>: while the backend waits on a lock, {@code pg_blocking_pids} of it,
 *       joined to {@code pg_stat_activity}. The last non-empty sample of an attempt is its blocker
 *       report. This sees the blockers while they exist, which the 55P03 error cannot: it names
 *       neither the relation nor the blocker.
 *   <li>the <b>waiters</b> (watchdog, for units that take strong locks): client sessions waiting on
 *       a lock whose {@code pg_blocking_pids} contain the backend. A waiter's wait is counted from
 *       its {@code query_start}, which is never later than the start of its lock wait, so the
 *       estimate errs on the safe side. When the oldest reaches {@code watchdog.budget - margin},
 *       the watchdog cancels the backend's statement with {@code pg_cancel_backend} (only ever that
 *       pid), and the unit is rolled back and retried.
 * </ul>
 *
 * <p>One thread and one connection per {@link LockRetry#run} call; {@link #close} stops the thread
 * and closes the connection. A monitor that cannot open its connection, or whose connection fails,
 * logs a warning and stops watching; the migration goes on with lock_timeout alone.
 */
final class Monitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  private static final Duration MONITOR_STATEMENT_TIMEOUT = Duration.ofSeconds(1);

  private static final String WAITERS_SQL =
      "WITH waiting AS MATERIALIZED (SELECT pid, query_start, query FROM pg_stat_activity"
          + " WHERE wait_event_type = 'Lock' AND backend_type = 'client backend' AND pid <> ?)"
          + " SELECT w.pid, (extract(epoch FROM clock_timestamp() - w.query_start) * 1000)::bigint"
          + " AS waited_ms, left(w.query, "
          + Blocker.MAX_QUERY_CHARS
          + ") AS query FROM waiting w WHERE ? = ANY (pg_blocking_pids(w.pid))"
          + " ORDER BY waited_ms DESC";

  /** An application session seen waiting on the watched backend. */
  record Waiter(int pid, Duration waited, Optional<String> query) {
    String describe() {
      return "pid "
          + pid
          + " (waiting "
          + DurationText.human(waited)
          + query.map(q -> ": " + q.replaceAll("\\s+", " ").trim()).orElse("")
          + ")";
    }
  }

  /** What the watchdog saw when it cancelled the backend's statement. */
  record Cancellation(List<Waiter> waiters) {
    String describe() {
      List<String> parts = new ArrayList<>();
      for (Waiter w : waiters) {
        parts.add(w.describe());
      }
      return "the watchdog cancelled it because application sessions waited on it: "
          + String.join("; ", parts);
    }
  }

  private final Connection connection;
  private final int target;
  private final PgsafeSettings settings;
  private final Thread thread;
  private volatile boolean closed;

  // guarded by this
  private boolean active;
  private boolean watching;
  private int attempt;
  private List<Blocker> blockers = List.of();
  private Optional<Cancellation> cancellation = Optional.empty();

  private Monitor(Connection connection, int target, PgsafeSettings settings) {
    this.connection = connection;
    this.target = target;
    this.settings = settings;
    if (connection == null) {
      this.thread = null;
    } else {
      this.thread = new Thread(this::loop, "pgsafe-monitor-" + target);
      this.thread.setDaemon(true);
      this.thread.start();
    }
  }

  /** Starts watching {@code target}; without a connection source, a monitor that sees nothing. */
  static Monitor start(Optional<ConnectionSource> source, int target, PgsafeSettings settings) {
    if (source.isEmpty()) {
      return new Monitor(null, target, settings);
    }
    Connection connection = null;
    try {
      connection = source.get().open();
      connection.setAutoCommit(true);
      try (PreparedStatement ps =
          connection.prepareStatement(
              "SELECT set_config('application_name', ?, false),"
                  + " set_config('statement_timeout', ?, false)")) {
        ps.setString(1, "pgsafe monitor of pid " + target);
        ps.setString(2, DurationText.postgres(MONITOR_STATEMENT_TIMEOUT));
        ps.execute();
      }
      return new Monitor(connection, target, settings);
    } catch (SQLException e) {
      LOG.warn(
          "pgsafe could not open its monitoring connection ({}); going on without the watchdog,"
              + " and blockers are looked up only after each lock timeout",
          e.getMessage());
      closeQuietly(connection);
      return new Monitor(null, target, settings);
    }
  }

  /** Whether a monitoring connection watches the backend. */
  boolean watchesLive() {
    return connection != null;
  }

  synchronized void beginAttempt(boolean watchdog) {
    attempt++;
    active = true;
    watching = watchdog;
    blockers = List.of();
    cancellation = Optional.empty();
  }

  /** After this returns, the watchdog sends no cancel until the next {@link #beginAttempt}. */
  synchronized void endAttempt() {
    active = false;
  }

  synchronized List<Blocker> blockers() {
    return blockers;
  }

  synchronized Optional<Cancellation> cancellation() {
    return cancellation;
  }

  private void loop() {
    while (!closed) {
      int sampled;
      boolean watch;
      synchronized (this) {
        sampled = active ? attempt : -1;
        watch = watching;
      }
      if (sampled >= 0) {
        try {
          sample(sampled, watch);
        } catch (SQLException e) {
          if (!closed) {
            LOG.warn(
                "pgsafe's monitoring connection failed ({}); the watchdog and the live blocker"
                    + " report stop for this step",
                e.getMessage());
          }
          return;
        }
      }
      try {
        Thread.sleep(settings.watchdogInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void sample(int sampled, boolean watch) throws SQLException {
    if (watch) {
      watch(sampled);
    }
    List<Blocker> seen = Blocker.blocking(connection, target, settings.blockerReportIncludeQuery());
    if (!seen.isEmpty()) {
      synchronized (this) {
        if (attempt == sampled) {
          blockers = seen;
        }
      }
    }
  }

  /** Waiters first: they are the time-critical half of a sample. */
  private void watch(int sampled) throws SQLException {
    List<Waiter> waiters = waiters();
    Duration trigger = settings.watchdogBudget().minus(settings.watchdogMargin());
    if (waiters.isEmpty() || waiters.get(0).waited().compareTo(trigger) < 0) {
      return;
    }
    synchronized (this) {
      if (!active || attempt != sampled || cancellation.isPresent()) {
        return;
      }
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_cancel_backend(?)")) {
        ps.setInt(1, target);
        ps.execute();
      }
      cancellation = Optional.of(new Cancellation(waiters));
    }
    LOG.warn(
        "pgsafe watchdog: application sessions have waited {} or more on pid {} (budget {}, margin"
            + " {}); cancelled its statement: {}",
        DurationText.human(waiters.get(0).waited()),
        target,
        DurationText.format(settings.watchdogBudget()),
        DurationText.format(settings.watchdogMargin()),
        new Cancellation(waiters).describe());
  }

  private List<Waiter> waiters() throws SQLException {
    List<Waiter> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(WAITERS_SQL)) {
      ps.setInt(1, target);
      ps.setInt(2, target);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Waiter(
                  rs.getInt("pid"),
                  Duration.ofMillis(Math.max(0, rs.getLong("waited_ms"))),
                  settings.blockerReportIncludeQuery()
                      ? Optional.ofNullable(rs.getString("query"))
                      : Optional.empty()));
        }
      }
    }
    return out;
  }

  /** Blockers holding locks on {@code relations}, looked up from the monitoring connection. */
  List<Blocker> holders(List<String> relations) throws SQLException {
    return Blocker.holding(connection, relations, target, settings.blockerReportIncludeQuery());
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      try {
        thread.join(settings.watchdogInterval().plus(MONITOR_STATEMENT_TIMEOUT).toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing pgsafe's monitoring connection failed", e);
    }
  }
}
