package io.github.pgsafe.flyway;

import static io.github.pgsafe.flyway.Db.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgsafe-flyway through Flyway's Java API against a real PostgreSQL. Runs on every Flyway version
 * of the matrix (failsafe executions {@code flyway-*} of the module pom).
 */
@Tag("flyway-matrix")
class FlywayMigrateIT {
  @TempDir Path dir;
  private TestDatabase db;

  @BeforeEach
  void database() {
    db = PostgresServer.shared().createDatabase();
    System.out.println(
        "Flyway from " + Flyway.class.getProtectionDomain().getCodeSource().getLocation());
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private Flyway flyway(Map<String, String> extra) {
    Map<String, String> conf = new HashMap<>();
    conf.put("flyway.postgresql.transactional.lock", "false");
    conf.putAll(extra);
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), "")
        .locations("filesystem:" + dir)
        .callbacks(new PgsafeCallback())
        .configuration(conf)
        .load();
  }

  private void script(String name, String sql) throws IOException {
    Files.writeString(dir.resolve(name), sql);
  }

  @Test
  void appliesMixedScriptWithRunsCommittedTogetherAndIndexesBuiltConcurrently() throws Exception {
    script("V1__table.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n");
    script(
        "V2__mixed.sql",
        """
        ALTER TABLE orders ADD COLUMN note text;
        COMMENT ON COLUMN orders.note IS 'free text';
        CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);
        REINDEX INDEX CONCURRENTLY orders_customer_idx;
        ALTER TABLE orders ADD COLUMN status text;
        """);

    flyway(Map.of()).migrate();

    try (Connection c = db.connect()) {
      assertThat(history(c)).containsExactly("1 table true", "2 mixed true");
      assertThat(
              single(
                  c,
                  "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                      + " AND attname IN ('note', 'status')"))
          .isEqualTo("2");
      assertThat(
              single(
                  c,
                  "SELECT indisvalid FROM pg_index WHERE indexrelid ="
                      + " 'orders_customer_idx'::regclass"))
          .isEqualTo("t");
      assertThat(single(c, "SELECT count(*) FROM pg_class WHERE relname LIKE '%ccnew%'"))
          .isEqualTo("0");
    }
  }

  @Test
  void rollsBackTheFailingRunAndKeepsTheRunsBeforeIt() throws Exception {
    script(
        "V1__mixed.sql",
        """
        CREATE TABLE a (id int PRIMARY KEY, v int);
        CREATE INDEX CONCURRENTLY a_v_idx ON a (v);
        CREATE TABLE b (id int);
        INSERT INTO nowhere VALUES (1);
        """);

    assertThrows(FlywayException.class, () -> flyway(Map.of()).migrate());

    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('a') IS NOT NULL")).isEqualTo("t");
      assertThat(single(c, "SELECT to_regclass('a_v_idx') IS NOT NULL")).isEqualTo("t");
      assertThat(single(c, "SELECT to_regclass('b') IS NULL")).isEqualTo("t");
    }
  }

  @Test
  void setsLockTimeoutInsideTheMigrationAndPutsItBackAfterward() throws Exception {
    script(
        "V1__seen.sql",
        "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,"
            + " current_setting('statement_timeout') AS statement_timeout;\n");
    script(
        "V2__seen_outside_tx.sql",
        "CREATE INDEX CONCURRENTLY seen_idx ON seen (lock_timeout);\n"
            + "CREATE TABLE seen2 AS SELECT current_setting('lock_timeout') AS lock_timeout;\n");
    script(
        "V3__after.sql",
        "CREATE TABLE seen3 AS SELECT current_setting('lock_timeout') AS lock_timeout;\n");

    flyway(Map.of("flyway.pgsafe.lockTimeout", "70ms", "flyway.pgsafe.statementTimeout", "9s"))
        .migrate();

    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"))
          .isEqualTo("70ms 9s");
      assertThat(single(c, "SELECT lock_timeout FROM seen2")).isEqualTo("70ms");
      assertThat(single(c, "SELECT lock_timeout FROM seen3")).isEqualTo("70ms");
      assertThat(history(c))
          .containsExactly("1 seen true", "2 seen outside tx true", "3 after true");
    }
  }

  @Test
  void retriesALockTimeoutUntilTheBlockerEndsAndLeavesNoFailedRow() throws Exception {
    script("V1__table.sql", "CREATE TABLE accounts (id int PRIMARY KEY);\n");
    flyway(Map.of()).migrate();
    script("V2__add_column.sql", "ALTER TABLE accounts ADD COLUMN email text;\n");

    try (Connection blocker = db.connect();
        Connection watcher = db.connect()) {
      blocker.setAutoCommit(false);
      try (Statement st = blocker.createStatement()) {
        st.execute("SELECT * FROM accounts"); // ACCESS SHARE until the transaction ends
      }
      Flyway flyway =
          flyway(
              Map.of(
                  "flyway.pgsafe.retry.initialDelay", "20ms", "flyway.pgsafe.lockTimeout", "50ms"));
      CompletableFuture<Void> migrate = CompletableFuture.runAsync(flyway::migrate);
      // Release the blocker once the migration has waited on the lock in two separate attempts.
      int waits = 0;
      boolean waiting = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waits < 2 && System.nanoTime() < deadline && !migrate.isDone()) {
        boolean now =
            "t"
                .equals(
                    single(
                        watcher,
                        "SELECT count(*) > 0 FROM pg_locks l WHERE NOT l.granted AND"
                            + " l.relation = 'accounts'::regclass"));
        if (now && !waiting) {
          waits++;
        }
        waiting = now;
        Thread.sleep(2);
      }
      blocker.rollback();
      migrate.get(60, TimeUnit.SECONDS);
      assertThat(waits).isEqualTo(2);
    }

    try (Connection c = db.connect()) {
      assertThat(history(c)).containsExactly("1 table true", "2 add column true");
    }
  }

  @Test
  void refusesUnsafeMigrationBeforeAnythingIsApplied() throws Exception {
    script("V1__table.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);\n");
    flyway(Map.of()).migrate();
    script("V2__safe.sql", "CREATE TABLE audit (id int);\n");
    script("V3__rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");

    FlywayException e = assertThrows(FlywayException.class, () -> flyway(Map.of()).migrate());

    assertThat(e.getMessage())
        .contains("pgsafe stopped migrate before anything was applied")
        .contains("V3__rename.sql:1")
        .contains("renaming-column");
    try (Connection c = db.connect()) {
      assertThat(history(c)).containsExactly("1 table true");
      assertThat(single(c, "SELECT to_regclass('audit') IS NULL")).isEqualTo("t");
    }
    // A setting turns the refusal into warnings.
    flyway(Map.of("flyway.pgsafe.failOnUnsafe", "false")).migrate();
    try (Connection c = db.connect()) {
      assertThat(history(c)).hasSize(3);
    }
  }

  @Test
  void acceptsAnUnsafeStatementAllowedByOverride() throws Exception {
    script("V1__table.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);\n");
    flyway(Map.of()).migrate();
    script(
        "V2__rename.sql",
        "-- pgsafe:allow renaming-column reason: no code reads users.name yet\n"
            + "ALTER TABLE users RENAME COLUMN name TO full_name;\n");

    flyway(Map.of()).migrate();

    try (Connection c = db.connect()) {
      assertThat(history(c)).containsExactly("1 table true", "2 rename true");
    }
  }

  @Test
  void failsFastWhenTransactionalLockWouldHangAConcurrentIndex() throws Exception {
    script("V1__table.sql", "CREATE TABLE t (id int);\n");
    script("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n");

    FlywayException e =
        assertThrows(
            FlywayException.class,
            () -> flyway(Map.of("flyway.postgresql.transactional.lock", "true")).migrate());

    assertThat(e.getMessage())
        .contains("V2__idx.sql: line 1")
        .contains("flyway.postgresql.transactional.lock=false");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('t') IS NULL")).isEqualTo("t");
    }
  }

  private static List<String> history(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, description, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
      }
    }
    return rows;
  }
}
