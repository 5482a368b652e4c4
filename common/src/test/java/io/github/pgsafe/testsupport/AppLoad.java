package io.github.pgsafe.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application traffic for integration tests: reader threads ({@code SELECT} by primary key) and
 * writer threads ({@code UPDATE} of one random row), each on its own auto-commit connection, each
 * query timed on the client. A short pause between queries keeps the 2-core test machine usable.
 */
public final class AppLoad implements AutoCloseable {
  private static final long PAUSE_MS = 2;

  private final List<Thread> threads = new ArrayList<>();
  private final Set<Integer> pids = ConcurrentHashMap.newKeySet();
  private final AtomicLong maxReadNanos = new AtomicLong();
  private final AtomicLong maxWriteNanos = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<String> errorTexts = new ArrayList<>();
  private volatile boolean stopped;

  /** Latencies measured by the client, per kind of query. */
  public record Stats(
      long queries, long errors, Duration maxRead, Duration maxWrite, List<String> errorTexts) {
    public Duration max() {
      return maxRead.compareTo(maxWrite) > 0 ? maxRead : maxWrite;
    }
  }

  private AppLoad() {}

  /** Starts traffic on {@code table(id bigint primary key, v int ...)} with ids 1..maxId. */
  public static AppLoad start(
      ScratchDatabase db, String quotedTable, long maxId, int readers, int writers)
      throws Exception {
    AppLoad load = new AppLoad();
    for (int i = 0; i < readers + writers; i++) {
      boolean write = i >= readers;
      Connection c = db.connect();
      load.pids.add(pid(c));
      String sql =
          write
              ? "UPDATE " + quotedTable + " SET v = v + 1 WHERE id = ?"
              : "SELECT v FROM " + quotedTable + " WHERE id = ?";
      Thread t = new Thread(() -> load.loop(c, sql, maxId, write), "app-" + i);
      t.setDaemon(true);
      load.threads.add(t);
    }
    load.threads.forEach(Thread::start);
    Await.until(
        "the application has run queries", Duration.ofSeconds(10), () -> load.queries.get() > 20);
    return load;
  }

  /** Backend pids of the application's connections. */
  public Set<Integer> pids() {
    return Set.copyOf(pids);
  }

  private void loop(Connection c, String sql, long maxId, boolean write) {
    try (c;
        PreparedStatement ps = c.prepareStatement(sql)) {
      while (!stopped) {
        ps.setLong(1, 1 + ThreadLocalRandom.current().nextLong(maxId));
        long start = System.nanoTime();
        try {
          if (write) {
            ps.executeUpdate();
          } else {
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
            }
          }
        } catch (SQLException e) {
          errors.incrementAndGet();
          synchronized (errorTexts) {
            if (errorTexts.size() < 10) {
              errorTexts.add(e.getMessage());
            }
          }
        }
        long took = System.nanoTime() - start;
        (write ? maxWriteNanos : maxReadNanos).accumulateAndGet(took, Math::max);
        queries.incrementAndGet();
        Thread.sleep(PAUSE_MS);
      }
    } catch (SQLException | InterruptedException e) {
      errors.incrementAndGet();
    }
  }

  public Stats stop() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(10_000);
    }
    synchronized (errorTexts) {
      return new Stats(
          queries.get(),
          errors.get(),
          Duration.ofNanos(maxReadNanos.get()),
          Duration.ofNanos(maxWriteNanos.get()),
          List.copyOf(errorTexts));
    }
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static int pid(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
