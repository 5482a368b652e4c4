package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Runs against whichever server the environment selects: embedded by default. */
class PostgresServerIT {
  private final PostgresServer server = PostgresServer.shared();

  @Test
  void sharesOneServerPerJvm() {
    assertThat(PostgresServer.shared()).isSameAs(server);
  }

  @Test
  void runsTheRequestedMajorVersion() {
    assumeTrue(
        server.source() != PostgresSource.JDBC_URL,
        "an existing server runs whatever version it runs");

    assertThat(server.majorVersion()).isEqualTo(TestkitSettings.fromEnvironment().major());
  }

  @Test
  void reportsTheVersionTheServerReports() throws SQLException {
    try (TestDatabase database = server.createDatabase();
        Connection connection = database.connect()) {
      int versionNum = Integer.parseInt(queryText(connection, "SHOW server_version_num"));

      assertThat(database.serverVersionNum()).isEqualTo(versionNum);
      assertThat(server.serverVersionNum()).isEqualTo(versionNum);
      assertThat(database.majorVersion()).isEqualTo(versionNum / 10000);
    }
  }

  @Test
  void createsDatabasesThatAreIndependentOfEachOther() throws SQLException {
    try (TestDatabase first = server.createDatabase();
        TestDatabase second = server.createDatabase();
        Connection a = first.connect();
        Connection b = second.connect()) {
      execute(a, "CREATE TABLE orders (id bigint PRIMARY KEY)");
      execute(a, "INSERT INTO orders VALUES (1)");

      assertThat(first.name()).isNotEqualTo(second.name()).startsWith("pgsafe_test_");
      assertThat(queryText(a, "SELECT current_database()")).isEqualTo(first.name());
      assertThat(queryText(b, "SELECT current_database()")).isEqualTo(second.name());
      assertThat(queryText(a, "SELECT count(*) FROM orders")).isEqualTo("1");
      assertThat(queryText(b, "SELECT to_regclass('orders')::text")).isNull();
    }
  }

  @Test
  void dropsTheDatabaseOnCloseEvenWhileAConnectionIsOpen() throws SQLException {
    TestDatabase database = server.createDatabase();
    try (Connection open = database.connect()) {
      assertThat(databaseExists(database.name())).isTrue();

      database.close();

      assertThat(databaseExists(database.name())).isFalse();
      assertThat(open.isValid(5)).isFalse();
    }
    assertThrows(IllegalStateException.class, database::connect);
    database.close(); // a second close does nothing
  }

  @Test
  void givesOtherToolsTheUrlAndUserTheyNeed() throws SQLException {
    try (TestDatabase database = server.createDatabase();
        Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), null)) {
      assertThat(queryText(connection, "SELECT current_database()")).isEqualTo(database.name());
      assertThat(queryText(connection, "SELECT current_user")).isEqualTo(database.user());
      assertThat(
              queryText(
                  connection,
                  "SELECT datcollate FROM pg_database WHERE datname = current_database()"))
          .isEqualTo("C");
      assertThat(queryText(connection, "SHOW server_encoding")).isEqualTo("UTF8");
    }
  }

  @Test
  void tunesTheEmbeddedServerForTests() throws SQLException {
    assumeTrue(
        server.source() == PostgresSource.EMBEDDED, "only the embedded server is ours to tune");

    try (Connection admin = server.connectAdmin()) {
      assertThat(queryText(admin, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(queryText(admin, "SHOW fsync")).isEqualTo("off");
      assertThat(Integer.parseInt(queryText(admin, "SHOW max_connections")))
          .isGreaterThanOrEqualTo(100);
    }
    assertThat(server.adminJdbcUrl())
        .startsWith("jdbc:postgresql://127.0.0.1:")
        .endsWith("/postgres");
  }

  private boolean databaseExists(String name) throws SQLException {
    try (Connection admin = server.connectAdmin();
        PreparedStatement statement =
            admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
      statement.setString(1, name);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getInt(1) == 1;
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String queryText(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}
