package io.github.pgsafe.samples.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample end to end on a real server: both scenarios through Liquibase and pgsafe. */
class LiquibaseOrdersIT {
  /** The schema changeset, then the five steps up to and including the expand. */
  private static final int UP_TO_EXPAND = 6;

  private TestDatabase db;

  @BeforeEach
  void schemaWithData() throws Exception {
    db = PostgresServer.shared().createDatabase();
    LiquibaseOrders.updateCount(db.jdbcUrl(), db.user(), "", LiquibaseOrders.PGSAFE, 1);
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
  void backfillsUserEmailMakesItNotNullIndexesAndRenamesInTwoPhases() throws Exception {
    LiquibaseOrders.updateCount(
        db.jdbcUrl(), db.user(), "", LiquibaseOrders.PGSAFE, UP_TO_EXPAND - 1);

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
                    + " JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'orders_user_id_idx'"))
        .isEqualTo("t");
    // Expanded: the old application still writes name, the new one reads display_name.
    execute("UPDATE users SET name = 'Renamed' WHERE id = 7");
    assertThat(single("SELECT display_name FROM users WHERE id = 7")).isEqualTo("Renamed");

    LiquibaseOrders.update(db.jdbcUrl(), db.user(), "", LiquibaseOrders.PGSAFE);

    assertThat(
            single(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'users' AND column_name = 'name'"))
        .isEqualTo("0");
    assertThat(single("SELECT display_name FROM users WHERE id = 7")).isEqualTo("Renamed");
  }

  @Test
  void pgsafeRefusesTheNaiveChangelogBeforeAnyChangesetRuns() throws SQLException {
    assertThatThrownBy(
            () -> LiquibaseOrders.update(db.jdbcUrl(), db.user(), "", LiquibaseOrders.NAIVE))
        .hasStackTraceContaining("naive-orders-user-email-backfill")
        .hasStackTraceContaining("naive-orders-user-email-not-null")
        .hasStackTraceContaining("naive-orders-user-id-index")
        .hasStackTraceContaining("naive-users-name-rename");
    assertThat(
            single(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'orders' AND column_name = 'user_email'"))
        .isEqualTo("0");
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
