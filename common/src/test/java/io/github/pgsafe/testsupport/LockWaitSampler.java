package io.github.pgsafe.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures lock waits from the server's side: every {@link #INTERVAL} it reads {@code
 * pg_locks.waitstart} (PostgreSQL 14+) of every ungranted lock and keeps, per backend, the longest
 * wait seen. A wait can go on for up to one interval after its last sample, so a measured maximum
 * is exact to within {@link #INTERVAL} (plus the sampler's own scheduling delay on a busy machine).
 */
public final class LockWaitSampler implements AutoCloseable {
  public static final Duration INTERVAL = Duration.ofMillis(5);

  private final Connection connection;
  private final Thread thread;
  private final Map<Integer, Long> maxMicros = new ConcurrentHashMap<>();
  private final Map<Integer, String> what = new ConcurrentHashMap<>();
  private volatile boolean stopped;
  private volatile long samples;

  private LockWaitSampler(Connection connection) {
    this.connection = connection;
    this.thread = new Thread(this::loop, "lock-wait-sampler");
    this.thread.setDaemon(true);
  }

  public static LockWaitSampler start(ScratchDatabase db) throws SQLException {
    LockWaitSampler s = new LockWaitSampler(db.connect());
    s.thread.start();
    return s;
  }

  private void loop() {
    String sql =
        "SELECT l.pid, (extract(epoch FROM clock_timestamp() - l.waitstart) * 1000000)::bigint,"
            + " l.locktype || ' ' || l.mode || coalesce(' on ' || l.relation::regclass::text, '')"
            + " FROM pg_locks l WHERE NOT l.granted AND l.waitstart IS NOT NULL";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      while (!stopped) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int pid = rs.getInt(1);
            long us = rs.getLong(2);
            String lock = rs.getString(3);
            maxMicros.merge(pid, us, Math::max);
            if (maxMicros.get(pid) == us) {
              what.put(pid, lock);
            }
          }
        }
        samples++;
        Thread.sleep(INTERVAL.toMillis());
      }
    } catch (SQLException | InterruptedException e) {
      if (!stopped) {
        throw new IllegalStateException("lock wait sampler failed", e);
      }
    }
  }

  /** The longest lock wait seen for any of {@code pids}. */
  public Duration maxWait(Set<Integer> pids) {
    long us = 0;
    for (int pid : pids) {
      us = Math.max(us, maxMicros.getOrDefault(pid, 0L));
    }
    return Duration.ofNanos(us * 1000);
  }

  /** The longest lock wait seen for {@code pid}, with the lock it waited for. */
  public String describe(Set<Integer> pids) {
    int worst = -1;
    long us = -1;
    for (int pid : pids) {
      long v = maxMicros.getOrDefault(pid, -1L);
      if (v > us) {
        us = v;
        worst = pid;
      }
    }
    return us < 0
        ? "no lock waits seen in " + samples + " samples"
        : String.format(
            "longest lock wait %.1f ms by pid %d (%s), %d samples",
            us / 1000.0, worst, what.get(worst), samples);
  }

  @Override
  public void close() throws SQLException {
    stopped = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
