package io.github.pgsafe.samples.bench;

import io.github.pgsafe.operations.BatchedBackfill;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backfill benchmark of docs/benchmarks.md: postgres-facts §5's data (users 100k, orders 1M
 * with user_email NULL), one fresh copy per variant ({@code CREATE DATABASE ... TEMPLATE}), one run
 * each: (a) one UPDATE, (b) the article's DO loop, (c) pgsafe's BatchedBackfill; then (a) and (c)
 * again with an application writer updating random orders, reporting its longest write.
 *
 * <p>Server: the testkit's (embedded by default; {@code PGSAFE_TEST_JDBC_URL} for your own). Rows:
 * {@code -Dbench.orders=1000000}.
 */
public final class BackfillBenchmark {
  private static final String TEMPLATE = "pgsafe_bench_backfill_tpl";
  private static final int ORDERS = Integer.getInteger("bench.orders", 1_000_000);
  private static final int USERS = 100_000;

  private static final String SINGLE_UPDATE =
      "UPDATE orders o SET user_email = u.email FROM users u"
          + " WHERE u.id = o.user_id AND o.user_email IS NULL";

  private static final String ARTICLE_LOOP =
      "DO $$ DECLARE batch_size int := 10000; max_id bigint; n bigint; BEGIN"
          + " SELECT max(id) INTO max_id FROM orders;"
          + " LOOP"
          + "   UPDATE orders o SET user_email = u.email FROM users u"
          + "   WHERE u.id = o.user_id AND o.id IN (SELECT id FROM orders"
          + "     WHERE user_email IS NULL AND id <= max_id ORDER BY id LIMIT batch_size);"
          + "   GET DIAGNOSTICS n = ROW_COUNT;"
          + "   EXIT WHEN n = 0;"
          + "   PERFORM pg_sleep(0);"
          + " END LOOP; END $$";

  private final PostgresServer server = PostgresServer.shared();

  private BackfillBenchmark() {}

  public static void main(String[] args) throws Exception {
    new BackfillBenchmark().run();
  }

  private interface Variant {
    void run(Connection c) throws SQLException;
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "server: %s, PostgreSQL %d, %d cores; orders %,d, users %,d%n",
        server.source(),
        server.serverVersionNum(),
        Runtime.getRuntime().availableProcessors(),
        ORDERS,
        USERS);
    createTemplate();
    Variant single =
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(SINGLE_UPDATE);
          }
        };
    Variant article =
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(ARTICLE_LOOP);
          }
        };
    Variant pgsafe =
        c ->
            BatchedBackfill.of(
                    TableName.of("orders"),
                    "user_email = (SELECT email FROM users u WHERE u.id = orders.user_id)",
                    LockRetry.withoutMonitor(PgsafeSettings.defaults()))
                .where("user_email IS NULL")
                .named("bench")
                .run(c);
    double a = timed("(a) single UPDATE", single, false);
    double b = timed("(b) article DO loop", article, false);
    double p = timed("(c) pgsafe BatchedBackfill", pgsafe, false);
    System.out.printf(
        Locale.ROOT,
        "pgsafe/single throughput: %.2fx; pgsafe vs article loop: %.1fx faster%n",
        a / p,
        b / p);
    timed("(a) single UPDATE + app writer", single, true);
    timed("(c) pgsafe BatchedBackfill + app writer", pgsafe, true);
    dropDatabase(TEMPLATE);
  }

  private void createTemplate() throws SQLException {
    dropDatabase(TEMPLATE);
    admin("CREATE DATABASE " + TEMPLATE);
    try (Connection c = connect(TEMPLATE);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));"
              + " INSERT INTO users SELECT g, 'user' || g || '@example.com'"
              + " FROM generate_series(1, "
              + USERS
              + ") g;"
              + " CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint,"
              + " user_email varchar(255));"
              + " INSERT INTO orders (user_id) SELECT 1 + (g * 7919) % "
              + USERS
              + " FROM generate_series(1::bigint, "
              + ORDERS
              + ") g");
      st.execute("VACUUM ANALYZE users");
      st.execute("VACUUM ANALYZE orders");
    }
  }

  /** One run on a fresh copy; returns seconds. */
  private double timed(String label, Variant variant, boolean withWriter) throws Exception {
    String copy = "pgsafe_bench_backfill_run";
    dropDatabase(copy);
    admin("CREATE DATABASE " + copy + " TEMPLATE " + TEMPLATE);
    admin("CHECKPOINT");
    Writer writer = null;
    double seconds;
    try (Connection c = connect(copy)) {
      if (withWriter) {
        writer = new Writer(copy);
        writer.start();
      }
      long start = System.nanoTime();
      variant.run(c);
      seconds = (System.nanoTime() - start) / 1e9;
      if (writer != null) {
        writer.stopAndJoin();
      }
      long missing;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM orders WHERE user_email IS NULL")) {
        rs.next();
        missing = rs.getLong(1);
      }
      System.out.printf(
          Locale.ROOT,
          "%-42s %7.2f s  %,9.0f rows/s  rows left NULL: %d%s%n",
          label,
          seconds,
          ORDERS / seconds,
          missing,
          writer == null ? "" : "  " + writer.report());
    } finally {
      if (writer != null) {
        writer.stopAndJoin();
      }
      dropDatabase(copy);
    }
    return seconds;
  }

  /** An application session updating random orders one by one, timing every write. */
  private final class Writer extends Thread {
    private final String database;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    private volatile SQLException failure;

    Writer(String database) {
      super("app-writer");
      this.database = database;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (Connection c = connect(database);
          PreparedStatement ps =
              c.prepareStatement("UPDATE orders SET user_id = user_id WHERE id = ?")) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          ps.setLong(1, 1 + random.nextInt(ORDERS));
          long t = System.nanoTime();
          ps.executeUpdate();
          nanos.add(System.nanoTime() - t);
          Thread.sleep(2);
        }
      } catch (SQLException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stopAndJoin() throws InterruptedException {
      stop.set(true);
      join();
    }

    String report() {
      List<Long> sorted;
      synchronized (nanos) {
        sorted = new ArrayList<>(nanos);
      }
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        return "app writer: no writes";
      }
      long over = sorted.stream().filter(n -> n > 100_000_000L).count();
      return String.format(
          Locale.ROOT,
          "app writer: %d writes, max %.1f ms, p99 %.1f ms, %d over 100 ms%s",
          sorted.size(),
          sorted.get(sorted.size() - 1) / 1e6,
          sorted.get((int) (sorted.size() * 0.99)) / 1e6,
          over,
          failure == null ? "" : ", failed: " + failure.getMessage());
    }
  }

  private Connection connect(String database) throws SQLException {
    String admin = server.adminJdbcUrl();
    int query = admin.indexOf('?');
    String base = query < 0 ? admin : admin.substring(0, query);
    String params = query < 0 ? "" : admin.substring(query);
    String url = base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    Properties props = new Properties();
    if (!url.contains("user=")) {
      props.setProperty("user", server.user());
    }
    return DriverManager.getConnection(url, props);
  }

  private void admin(String sql) throws SQLException {
    String admin = server.adminJdbcUrl();
    Properties props = new Properties();
    if (!admin.contains("user=")) {
      props.setProperty("user", server.user());
    }
    try (Connection c = DriverManager.getConnection(admin, props);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private void dropDatabase(String name) throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }
}
