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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpandContractIT {
  private static final TableName ACCOUNTS = TableName.of("accounts");
  private static final int ROWS = 100_000;
  private static final BackfillSettings FAST =
      BackfillSettings.defaults().withAdaptiveBatches(Duration.ofMillis(30), 500, 5000);

  private static TestDatabase db;
  private static LockRetry retry;

  @BeforeAll
  static void createDatabase() {
    db = PostgresServer.shared().createDatabase();
    retry = LockRetry.create(PgsafeSettings.defaults(), db::connect);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void freshTable() throws SQLException {
    execute(
        "DROP TABLE IF EXISTS accounts, pgsafe_backfill, pgsafe_expand_contract;"
            + " CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL,"
            + " amount int NOT NULL DEFAULT 0);"
            + " INSERT INTO accounts (email, amount) SELECT 'a' || g || '@example.com', g % 1000"
            + " FROM generate_series(1, "
            + ROWS
            + ") g");
    execute("VACUUM ANALYZE accounts");
  }

  /**
   * An application session: updates random rows and inserts new ones through the column named in
   * {@link #column}, remembering the last value it wrote per id. Reads go through plain statements.
   */
  private static final class App {
    final AtomicReference<String> column;
    final boolean numeric;
    final Map<Long, Integer> written = new ConcurrentHashMap<>();
    final List<Throwable> errors = new ArrayList<>();
    final AtomicLong writes = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;

    App(String initialColumn, boolean numeric) {
      this.column = new AtomicReference<>(initialColumn);
      this.numeric = numeric;
      this.thread = new Thread(this::loop, "app-writer");
      thread.start();
    }

    private void loop() {
      try (Connection c = db.connect()) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
          String col = column.get();
          int value = random.nextInt(1_000_000);
          if (random.nextInt(5) == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    numeric
                        ? "INSERT INTO accounts (email, " + col + ") VALUES ('new', ?) RETURNING id"
                        : "INSERT INTO accounts (" + col + ") VALUES (?) RETURNING id")) {
              if (numeric) {
                ps.setInt(1, value);
              } else {
                ps.setString(1, "v" + value);
              }
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                written.put(rs.getLong(1), value);
              }
            }
          } else {
            long id = 1 + random.nextInt(ROWS);
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE accounts SET " + col + " = ? WHERE id = ?")) {
              if (numeric) {
                ps.setInt(1, value);
              } else {
                ps.setString(1, "v" + value);
              }
              ps.setLong(2, id);
              ps.executeUpdate();
              written.put(id, value);
            }
          }
          writes.incrementAndGet();
        }
      } catch (SQLException | RuntimeException e) {
        synchronized (errors) {
          errors.add(e);
        }
      }
    }

    void writeThrough(String col) throws Exception {
      column.set(col);
      long at = writes.get();
      Await.until(
          "the application writes through " + col,
          Duration.ofSeconds(20),
          () -> writes.get() > at + 200 || !thread.isAlive());
    }

    void finish() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  /** Every value the application wrote is in {@code column} (as text or as a number). */
  private static void assertNoWriteLost(App app, String column) throws SQLException {
    assertThat(app.errors).isEmpty();
    assertThat(app.writes.get()).isGreaterThan(600);
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + "::text FROM accounts WHERE id = ?")) {
      int lost = 0;
      for (Map.Entry<Long, Integer> e : app.written.entrySet()) {
        ps.setLong(1, e.getKey());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          String expected = app.numeric ? e.getValue() + ".00" : "v" + e.getValue();
          if (!expected.equals(rs.getString(1)) && !(e.getValue() + "").equals(rs.getString(1))) {
            lost++;
          }
        }
      }
      assertThat(lost).as("writes lost of " + app.written.size()).isZero();
    }
  }

  /** Done-when 4: expand, the application moves from old to new name, contract; no write lost. */
  @Test
  void renameUnderAWriterThatMovesFromTheOldNameToTheNew() throws Exception {
    ExpandContract rename =
        ExpandContract.renameColumn(ACCOUNTS, "email", "email_address", retry)
            .backfill(FAST)
            .notNull()
            .index(
                IndexDefinition.on(ACCOUNTS, "accounts_email_address_idx").column("email_address"));
    App app = new App("email", false);
    try (Connection c = db.connect()) {
      app.writeThrough("email");
      assertThrows(PgsafeException.class, () -> rename.contract(c));
      rename.expand(c);
      assertThat(count("email IS DISTINCT FROM email_address")).isZero();
      assertThat(count("email_address IS NULL")).isZero();
      app.writeThrough("email_address");
      assertThat(count("email IS DISTINCT FROM email_address")).isZero();
      rename.contract(c);
      app.writeThrough("email_address");
      app.finish();
      assertNoWriteLost(app, "email_address");
    } finally {
      app.finish();
    }
    assertThat(columns())
        .isEqualTo("id bigint NOT NULL, amount integer NOT NULL, email_address text NOT NULL");
    assertThat(queryString("SELECT status FROM pgsafe_expand_contract")).isEqualTo("contracted");
    assertThat(
            queryString(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'accounts_email_address_idx'"))
        .contains("(email_address)");
    assertThat(count("true")).isGreaterThan(ROWS);
  }

  /** Done-when 4, abort: the application goes back to the old name; nothing written is lost. */
  @Test
  void abortKeepsEveryWriteMadeThroughEitherName() throws Exception {
    ExpandContract rename =
        ExpandContract.renameColumn(ACCOUNTS, "email", "email_address", retry).backfill(FAST);
    App app = new App("email", false);
    try (Connection c = db.connect()) {
      rename.expand(c);
      app.writeThrough("email_address");
      app.writeThrough("email");
      rename.abort(c);
      app.writeThrough("email");
      app.finish();
      assertNoWriteLost(app, "email");
      PgsafeException again = assertThrows(PgsafeException.class, () -> rename.contract(c));
      assertThat(again.getMessage())
          .contains("it is aborted, and contract needs expanded")
          .contains("Nothing was run. Run expand first.");
    } finally {
      app.finish();
    }
    assertThat(columns())
        .isEqualTo("id bigint NOT NULL, email text NOT NULL, amount integer NOT NULL");
    assertThat(queryLong("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'accounts'::regclass"))
        .isZero();
  }

  /** Done-when 5: amount int → numeric(12,2) under a writer that always uses {@code amount}. */
  @Test
  void typeChangeUnderAWriter() throws Exception {
    ExpandContract change =
        ExpandContract.changeType(
                ACCOUNTS,
                "amount",
                "numeric(12,2)",
                "amount::numeric(12,2)",
                "round(amount_new)::int",
                retry)
            .backfill(FAST)
            .notNull()
            .withDefault("0")
            .check("accounts_amount_positive", "amount_new >= 0");
    App app = new App("amount", true);
    try (Connection c = db.connect()) {
      app.writeThrough("amount");
      change.expand(c);
      assertThat(count("amount::numeric(12,2) IS DISTINCT FROM amount_new")).isZero();
      app.writeThrough("amount");
      assertThat(count("amount::numeric(12,2) IS DISTINCT FROM amount_new")).isZero();
      change.contract(c);
      app.writeThrough("amount");
      app.finish();
      assertNoWriteLost(app, "amount");
    } finally {
      app.finish();
    }
    assertThat(columns())
        .isEqualTo("id bigint NOT NULL, email text NOT NULL, amount numeric(12,2) NOT NULL");
    assertThat(
            queryString(
                "SELECT column_default FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'amount'"))
        .isEqualTo("0");
    assertThat(
            queryLong("SELECT count(*) FROM pg_proc WHERE proname LIKE 'accounts_amount_pgsafe%'"))
        .isZero();
  }

  /** A type change without conversions casts both ways; a write through the old type syncs. */
  @Test
  void typeChangeWithPlainCastsConvertsBothWays() throws Exception {
    ExpandContract change = ExpandContract.changeType(ACCOUNTS, "amount", "bigint", retry);
    try (Connection c = db.connect()) {
      change.expand(c);
      assertThat(count("amount::bigint IS DISTINCT FROM amount_new")).isZero();
      execute("UPDATE accounts SET amount_new = 4000000 WHERE id = 1");
      execute("UPDATE accounts SET amount = 7 WHERE id = 2");
      assertThat(queryLong("SELECT amount FROM accounts WHERE id = 1")).isEqualTo(4_000_000);
      assertThat(queryLong("SELECT amount_new FROM accounts WHERE id = 2")).isEqualTo(7);
      change.contract(c);
    }
    assertThat(columns()).isEqualTo("id bigint NOT NULL, email text NOT NULL, amount bigint");
  }

  @Test
  void refusesPrimaryKeyColumnsAndOutOfOrderPhases() throws Exception {
    try (Connection c = db.connect()) {
      PgsafeException pk =
          assertThrows(
              PgsafeException.class,
              () -> ExpandContract.renameColumn(ACCOUNTS, "id", "account_id", retry).expand(c));
      assertThat(pk.getMessage())
          .isEqualTo(
              "pgsafe cannot expand accounts.id: it is part of the primary key, which"
                  + " expand/contract does not handle. Nothing was run.");
      PgsafeException abort =
          assertThrows(
              PgsafeException.class,
              () -> ExpandContract.renameColumn(ACCOUNTS, "email", "mail", retry).abort(c));
      assertThat(abort.getMessage())
          .startsWith("pgsafe cannot abort rename of accounts.email to mail")
          .contains("it was never expanded");
    }
  }

  private static String columns() throws SQLException {
    return queryString(
        "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod)"
            + " || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY attnum)"
            + " FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 0"
            + " AND NOT attisdropped");
  }

  private static long count(String where) throws SQLException {
    return queryLong("SELECT count(*) FROM accounts WHERE " + where);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
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
