package io.github.pgsafe.samples.demo;

import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated application: a few threads, each with its own autocommit session, issuing point
 * reads, inserts and updates on {@code orders} and {@code users} at a fixed rate and recording
 * every query's latency. A fixed rate (not as fast as possible) keeps the two cores of a small
 * machine free enough that slow queries come from locks rather than from the load itself.
 */
final class AppSimulator implements AutoCloseable {
  private final Database database;
  private final AppVersion version;
  private final LatencyRecorder recorder;
  private final long seededOrders;
  private final long users;
  private final long intervalNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  AppSimulator(
      Database database,
      AppVersion version,
      LatencyRecorder recorder,
      long seededOrders,
      long users,
      int threadCount,
      int queriesPerSecondPerThread) {
    this.database = database;
    this.version = version;
    this.recorder = recorder;
    this.seededOrders = seededOrders;
    this.users = users;
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / queriesPerSecondPerThread;
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(this::loop, "demo-app-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void loop() {
    try (Connection connection = database.connect(Database.APP)) {
      long next = System.nanoTime();
      while (running.get()) {
        query(connection);
        // Pace to the rate; after a stall, go on from now instead of bursting to catch up.
        next = Math.max(next + intervalNanos, System.nanoTime());
        LockSupport.parkNanos(next - System.nanoTime());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the simulated application lost its connection", e);
    }
  }

  private void query(Connection connection) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int pick = random.nextInt(100);
    long orderId = 1 + random.nextLong(seededOrders);
    long userId = 1 + random.nextLong(users);
    String name = Identifiers.quote(version.usesDisplayName() ? "display_name" : "name");
    String kind;
    String sql;
    if (pick < 35) {
      kind = "read order";
      sql = "SELECT id, user_id, amount, status FROM orders WHERE id = " + orderId;
    } else if (pick < 55) {
      kind = "update order";
      sql = "UPDATE orders SET status = 'paid' WHERE id = " + orderId;
    } else if (pick < 75) {
      kind = "insert order";
      int amount = random.nextInt(1, 10_000);
      sql =
          version.writesUserEmail()
              ? "INSERT INTO orders (user_id, amount, status, user_email) SELECT id, "
                  + amount
                  + ", 'new', email FROM users WHERE id = "
                  + userId
              : "INSERT INTO orders (user_id, amount, status) VALUES ("
                  + userId
                  + ", "
                  + amount
                  + ", 'new')";
    } else if (pick < 90) {
      kind = "read user";
      sql = "SELECT id, " + name + ", email FROM users WHERE id = " + userId;
    } else {
      kind = "update user";
      sql = "UPDATE users SET " + name + " = 'User " + userId + "' WHERE id = " + userId;
    }
    long start = recorder.now();
    boolean failed = false;
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      if (st.execute()) {
        try (ResultSet rs = st.getResultSet()) {
          while (rs.next()) {
            rs.getLong(1);
          }
        }
      }
    } catch (SQLException e) {
      // Counted, not fatal: the naive rename makes every query that names "name" fail.
      failed = true;
    }
    recorder.record(start, recorder.now(), kind, failed);
  }

  @Override
  public void close() {
    running.set(false);
    threads.forEach(Threads::join);
  }
}
