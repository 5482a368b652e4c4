package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Throwaway databases on an existing PostgreSQL server, for the analysis ITs until pgsafe-testkit
 * is available on this branch. The server is {@code PGSAFE_TEST_JDBC_URL} (as in testkit), by
 * default a local server with trust authentication.
 */
final class ScratchDatabases implements AutoCloseable {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private final String adminUrl;
  private final String prefix;
  private int created;

  ScratchDatabases(String purpose) {
    String fromEnv = System.getenv("PGSAFE_TEST_JDBC_URL");
    this.adminUrl = fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv;
    this.prefix =
        "pgsafe_"
            + purpose
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl);
  }

  /** Creates a database, from {@code template} when it is not null, and returns its name. */
  String create(String template) throws SQLException {
    String name = prefix + "_" + (created++);
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE DATABASE "
              + Identifiers.quote(name)
              + (template == null ? "" : " TEMPLATE " + Identifiers.quote(template)));
    }
    return name;
  }

  Connection connect(String database) throws SQLException {
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?', slash);
    String url =
        adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    Connection connection = DriverManager.getConnection(url);
    try (Statement s = connection.createStatement()) {
      s.execute("SET statement_timeout = '60s'");
    }
    return connection;
  }

  void drop(String database) throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
    }
  }

  /** The server's major version. */
  PgVersion serverVersion() throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      return PgVersion.fromServerVersionNum(Integer.parseInt(rs.getString(1).trim()));
    }
  }

  /** Drops every database this instance created that still exists. */
  @Override
  public void close() throws SQLException {
    for (int i = 0; i < created; i++) {
      drop(prefix + "_" + i);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "scratch databases %s_* on %s", prefix, adminUrl);
  }
}
