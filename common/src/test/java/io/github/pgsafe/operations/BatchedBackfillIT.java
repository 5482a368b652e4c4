package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import io.github.pgsafe.testsupport.Await;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchedBackfillIT {
  private static final TableName ORDERS = TableName.of("orders");
  private static final int ROWS = 100_000;
  private static final String EMAIL =
      "user_email = (SELECT email FROM users u WHERE u.id = orders.user_id)";

  private static TestDatabase db;
  private static LockRetry retry;

  @BeforeAll
  static void createDatabase() {
    db = PostgresServer.shared().createDatabase();
    retry = LockRetry.withoutMonitor(PgsafeSettings.defaults());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void freshTables() throws SQLException {
    execute(
        "DROP TABLE IF EXISTS orders, users, pgsafe_backfill;"
            + " CREATE TABLE users (id bigint PRIMARY KEY, email text);"
            + " INSERT INTO users SELECT g, 'user' || g || '@example.com'"
            + " FROM generate_series(1, 1000) g;"
            + " CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint, user_email text,"
            + " touched int NOT NULL DEFAULT 0);"
            + " INSERT INTO orders (user_id) SELECT 1 + (g * 7919) % 1000"
            + " FROM generate_series(1, "
            + ROWS
            + ") g");
    execute("VACUUM ANALYZE orders");
  }

  /** Rows whose value differs from the expected one, both ways (EXCEPT). */
  private static long wrongRows(String expectedEmail, String expectedTouched) throws SQLException {
    String expected = "SELECT o.id, " + expectedEmail + ", " + expectedTouched + " FROM orders o";
    String actual = "SELECT id, user_email, touched FROM orders";
    return queryLong(
        "SELECT (SELECT count(*) FROM (("
            + expected
            + ") EXCEPT ("
            + actual
            + ")) a) + (SELECT count(*) FROM (("
            + actual
            + ") EXCEPT ("
            + expected
            + ")) b)");
  }

  private static final String EXPECTED_EMAIL = "(SELECT email FROM users u WHERE u.id = o.user_id)";

  @Test
  void fillsEveryRowOnceAndARerunIsANoOp() throws SQLException {
    BatchedBackfill backfill =
        BatchedBackfill.of(ORDERS, EMAIL + ", touched = touched + 1", retry)
            .where("user_email IS NULL")
            .named("orders_user_email");
    try (Connection c = db.connect()) {
      backfill.run(c);
      assertThat(wrongRows(EXPECTED_EMAIL, "1")).isZero();
      assertThat(queryString("SELECT status || ' ' || rows_done FROM pgsafe_backfill"))
          .isEqualTo("done " + ROWS);
      assertThat(queryLong("SELECT batches FROM pgsafe_backfill")).isGreaterThan(3);
      backfill.run(c);
      assertThat(wrongRows(EXPECTED_EMAIL, "1")).isZero();
    }
  }

  @Test
  void walksACompositeUniqueNotNullKeyWhenThereIsNoPrimaryKey() throws SQLException {
    execute(
        "CREATE TABLE lines (order_id bigint NOT NULL, line int NOT NULL, sku text,"
            + " qty int); CREATE UNIQUE INDEX lines_key ON lines (order_id, line);"
            + " INSERT INTO lines SELECT g / 7, g % 7, NULL, g FROM generate_series(1, 20000) g");
    try (Connection c = db.connect()) {
      BatchedBackfill.of(TableName.of("lines"), "sku = 'sku-' || qty", retry).batchSize(999).run(c);
    }
    assertThat(queryLong("SELECT count(*) FROM lines WHERE sku IS DISTINCT FROM 'sku-' || qty"))
        .isZero();
    assertThat(queryString("SELECT key_columns::text || ' ' || batches FROM pgsafe_backfill"))
        .isEqualTo("{order_id,line} 21");
  }

  @Test
  void refusesATableWithoutAKeyAndUnknownNamesBeforeAnythingRuns() throws SQLException {
    execute("CREATE TABLE heap (a int, b text); CREATE UNIQUE INDEX heap_a ON heap (a)");
    try (Connection c = db.connect()) {
      PgsafeException noKey =
          assertThrows(
              PgsafeException.class,
              () -> BatchedBackfill.of(TableName.of("heap"), "b = 'x'", retry).run(c));
      assertThat(noKey.getMessage())
          .startsWith(
              "pgsafe cannot backfill heap: it has no primary key and no unique index on NOT"
                  + " NULL columns");
      PgsafeException noTable =
          assertThrows(
              PgsafeException.class,
              () -> BatchedBackfill.of(TableName.of("Orders"), "b = 'x'", retry).run(c));
      assertThat(noTable.getMessage()).startsWith("pgsafe found no table \"Orders\"");
      PgsafeException noColumn =
          assertThrows(
              PgsafeException.class,
              () -> BatchedBackfill.of(ORDERS, "user_mail = 'x'", retry).run(c));
      assertThat(noColumn.getMessage())
          .startsWith("pgsafe cannot backfill orders with SET user_mail = 'x': PostgreSQL rejects")
          .contains("column \"user_mail\" of relation \"orders\" does not exist")
          .contains("Nothing was run.");
    }
    assertThat(queryLong("SELECT count(*) FROM pg_class WHERE relname = 'pgsafe_backfill'"))
        .isZero();
  }

  /**
   * Done-when 2: the backend running the backfill is terminated at random moments, five times; each
   * run resumes and the result equals the expected table exactly. {@code touched + 1} would show
   * any row that two batches updated.
   */
  @Test
  void resumesExactlyAfterItsBackendIsKilledAtRandomPoints() throws Exception {
    BatchedBackfill backfill =
        BatchedBackfill.of(ORDERS, EMAIL + ", touched = touched + 1", retry)
            .named("killed")
            .settings(
                BackfillSettings.defaults().withAdaptiveBatches(Duration.ofMillis(20), 200, 3000));
    int kills = 0;
    for (int run = 1; run <= 30; run++) {
      long doneBefore = rowsDone("killed");
      try (Connection c = db.connect()) {
        execute(c, "SET application_name = 'pgsafe-backfill-victim'");
        CompletableFuture<Void> running =
            CompletableFuture.runAsync(
                () -> {
                  backfill.run(c);
                });
        if (kills < 5) {
          Await.until(
              "the backfill makes progress",
              Duration.ofSeconds(30),
              () -> rowsDone("killed") > doneBefore || running.isDone());
          Thread.sleep(ThreadLocalRandom.current().nextInt(0, 40));
          long terminated =
              queryLong(
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE application_name = 'pgsafe-backfill-victim'");
          if (terminated > 0) {
            kills++;
          }
        }
        try {
          running.join();
          break;
        } catch (RuntimeException e) {
          assertThat(e.getCause()).isInstanceOf(PgsafeException.class);
        }
      }
    }
    assertThat(kills).isEqualTo(5);
    assertThat(queryString("SELECT status FROM pgsafe_backfill")).isEqualTo("done");
    assertThat(wrongRows(EXPECTED_EMAIL, "1")).isZero();
    assertThat(rowsDone("killed")).isEqualTo(ROWS);
  }

  /**
   * Done-when 3: the application inserts, updates and deletes while the backfill runs. The backfill
   * stops at the upper bound it took at the start; the application writes new rows correctly.
   */
  @Test
  void terminatesUnderConcurrentInsertsAndEveryRowEndsCorrect() throws Exception {
    long upper = queryLong("SELECT max(id) FROM orders");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong inserted = new AtomicLong();
    List<Throwable> appErrors = new ArrayList<>();
    CompletableFuture<Void> app =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = db.connect();
                  PreparedStatement insert =
                      c.prepareStatement(
                          "INSERT INTO orders (user_id, user_email, touched)"
                              + " SELECT ?, email, 1 FROM users WHERE id = ?");
                  PreparedStatement delete =
                      c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                  long user = 1 + random.nextInt(1000);
                  insert.setLong(1, user);
                  insert.setLong(2, user);
                  insert.executeUpdate();
                  inserted.incrementAndGet();
                  if (random.nextInt(10) == 0) {
                    delete.setLong(1, 1 + random.nextLong(upper));
                    delete.executeUpdate();
                  }
                }
              } catch (SQLException e) {
                synchronized (appErrors) {
                  appErrors.add(e);
                }
              }
            });
    try (Connection c = db.connect()) {
      Await.until("the application inserts", Duration.ofSeconds(10), () -> inserted.get() > 50);
      BatchedBackfill.of(ORDERS, EMAIL + ", touched = touched + 1", retry)
          .where("user_email IS NULL")
          .settings(
              BackfillSettings.defaults().withAdaptiveBatches(Duration.ofMillis(20), 100, 2000))
          .run(c);
    } finally {
      stop.set(true);
      app.join();
    }
    assertThat(appErrors).isEmpty();
    assertThat(inserted.get()).isGreaterThan(50);
    long recordedUpper = queryLong("SELECT upper_key[1]::bigint FROM pgsafe_backfill");
    assertThat(recordedUpper).isGreaterThan(upper);
    assertThat(queryLong("SELECT count(*) FROM orders WHERE id > " + recordedUpper))
        .as("rows inserted after the backfill took its upper bound")
        .isGreaterThan(0);
    assertThat(queryLong("SELECT rows_scanned FROM pgsafe_backfill"))
        .isLessThanOrEqualTo(recordedUpper);
    assertThat(wrongRows(EXPECTED_EMAIL, "1")).isZero();
  }

  private static long rowsDone(String name) throws SQLException {
    if (queryLong("SELECT count(*) FROM pg_class WHERE relname = 'pgsafe_backfill'") == 0) {
      return 0;
    }
    return queryLong(
        "SELECT coalesce((SELECT rows_done FROM pgsafe_backfill WHERE name = '" + name + "'), 0)");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.connect()) {
      execute(c, sql);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long queryLong(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String queryString(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
