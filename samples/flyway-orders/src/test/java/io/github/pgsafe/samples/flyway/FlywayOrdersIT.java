package io.github.pgsafe.samples.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample end to end on a real server: both scenarios through Flyway and pgsafe. */
class FlywayOrdersIT {
  private TestDatabase db;

  @BeforeEach
  void schemaWithData() throws SQLException {
    db = PostgresServer.shared().createDatabase();
    FlywayOrders.pgsafe(db.jdbcUrl(), db.user(), "", FlywayOrders.SCHEMA).migrate();
    execute(
        "INSERT INTO users SELECT g, 'User ' || g, 'user' || g || '@example.com'"
            + " FROM generate_series(1, 500) g");
    execute(
        "INSERT INTO orders (user_id, amount, status)"
            + " SELECT 1 + (g * 7919) % 500, g % 1000, 'new' FROM generate_series(1, 5000) g");
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void backfillsUserEmailMakesItNotNullIndexesAndRenamesInTwoPhases() throws SQLException {
    FlywayOrders.pgsafe(db.jdbcUrl(), db.user(), "", "6").migrate();

    assertThat(
            single(
                "SELECT is_nullable FROM information_schema.columns"
                    + " WHERE table_name = 'orders' AND column_name = 'user_email'"))
        .isEqualTo("NO");
    assertThat(
            single(
                "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id"
                    + " WHERE o.user_email IS DISTINCT FROM u.email"))
        .isEqualTo("0");
    assertThat(
            single(
                "SELECT i.indisvalid FROM pg_index i"
                    + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'orders_user_id_idx'"))
        .isEqualTo("t");
    // Expanded: the old application still writes name, the new one reads display_name.
    execute("UPDATE users SET name = 'Renamed' WHERE id = 7");
    assertThat(single("SELECT display_name FROM users WHERE id = 7")).isEqualTo("Renamed");
    assertThat(single("SELECT count(*) FROM users WHERE display_name IS DISTINCT FROM name"))
        .isEqualTo("0");

    FlywayOrders.pgsafe(db.jdbcUrl(), db.user(), "", "latest").migrate();

    assertThat(
            single(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'name'"))
        .isEqualTo("0");
    assertThat(single("SELECT display_name FROM users WHERE id = 7")).isEqualTo("Renamed");
  }

  @Test
  void pgsafeRefusesTheNaiveMigrationsBeforeAnyRuns() throws SQLException {
    assertThatThrownBy(() -> FlywayOrders.naiveWithPgsafe(db.jdbcUrl(), db.user(), "").migrate())
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("V3__backfill_orders_user_email.sql")
        .hasMessageContaining("V4__orders_user_email_not_null.sql")
        .hasMessageContaining("V5__index_orders_user_id.sql")
        .hasMessageContaining("V6__rename_users_name.sql");
    assertThat(single("SELECT max(version) FROM flyway_schema_history WHERE success"))
        .isEqualTo(FlywayOrders.SCHEMA);
  }

  @Test
  void theNaiveMigrationsReachTheSameSchemaWithoutPgsafe() throws SQLException {
    FlywayOrders.naive(db.jdbcUrl(), db.user(), "", "latest").migrate();

    assertThat(single("SELECT count(*) FROM orders WHERE user_email IS NULL")).isEqualTo("0");
    assertThat(
            single(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'display_name'"))
        .isEqualTo("1");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private String single(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }
}
