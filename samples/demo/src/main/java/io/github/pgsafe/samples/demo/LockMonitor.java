package io.github.pgsafe.samples.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples {@code pg_locks} every few milliseconds from its own session. It tells lock waits apart
 * from CPU noise: a slow query on a loaded machine is not a lock wait, while an application session
 * whose lock request is not granted is one, timed by the server from {@code waitstart} (PostgreSQL
 * 14+). It also times the strong locks the migration holds on the demo's tables.
 */
final class LockMonitor implements AutoCloseable {
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final String SAMPLE =
      "SELECT l.pid, l.granted, l.locktype, l.mode, c.relname,"
          + " l.waitstart::text, extract(epoch FROM clock_timestamp() - l.waitstart) * 1000,"
          + " a.application_name = ?, a.xact_start::text"
          + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
          + " LEFT JOIN pg_class c ON c.oid = l.relation"
          + " WHERE a.datname = current_database() AND l.pid <> pg_backend_pid()"
          + " AND ((NOT l.granted AND a.application_name = ?)"
          + "   OR (l.granted AND l.locktype = 'relation' AND a.application_name <> ?"
          + "     AND c.relname IN ('orders', 'users')"
          + "     AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock',"
          + " 'AccessExclusiveLock')))";

  private final Database database;
  private final LatencyRecorder clock;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Map<String, LockWait> waits = new HashMap<>();
  private final Map<String, StrongLock> strong = new HashMap<>();
  private final Thread thread;

  LockMonitor(Database database, LatencyRecorder clock) {
    this.database = database;
    this.clock = clock;
    this.thread = new Thread(this::loop, "demo-lock-monitor");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    try (Connection connection = database.connect(Database.MONITOR);
        PreparedStatement st = connection.prepareStatement(SAMPLE)) {
      st.setString(1, Database.APP);
      st.setString(2, Database.APP);
      st.setString(3, Database.APP);
      long next = System.nanoTime();
      while (running.get()) {
        sample(st);
        next = Math.max(next + INTERVAL_NANOS, System.nanoTime());
        LockSupport.parkNanos(next - System.nanoTime());
      }
    } catch (SQLException | RuntimeException e) {
      failure.set(e);
    }
  }

  private void sample(PreparedStatement st) throws SQLException {
    long now = clock.now();
    try (ResultSet rs = st.executeQuery()) {
      synchronized (this) {
        while (rs.next()) {
          int pid = rs.getInt(1);
          String relation = rs.getString(5);
          if (!rs.getBoolean(2)) {
            String waitStart = rs.getString(6);
            if (waitStart == null) {
              continue; // waitstart is set a moment after the wait begins
            }
            waits.put(
                pid + "@" + waitStart,
                new LockWait(pid, rs.getString(3), relation, now, rs.getDouble(7)));
          } else {
            String key = pid + "/" + relation + "/" + rs.getString(4) + "@" + rs.getString(9);
            StrongLock seen = strong.get(key);
            strong.put(
                key,
                new StrongLock(
                    pid,
                    relation,
                    rs.getString(4),
                    seen == null ? now : seen.firstSeenNanos(),
                    now));
          }
        }
      }
    }
  }

  synchronized List<LockWait> waits() {
    return new ArrayList<>(waits.values());
  }

  synchronized List<StrongLock> strongLocks() {
    return new ArrayList<>(strong.values());
  }

  /**
   * @throws IllegalStateException if sampling failed, so that no run is judged on missing data
   */
  @Override
  public void close() {
    running.set(false);
    Threads.join(thread);
    if (failure.get() != null) {
      throw new IllegalStateException("the lock monitor failed", failure.get());
    }
  }
}
