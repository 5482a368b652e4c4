package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Identifiers;
import io.github.pgsafe.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Throwaway databases on testkit's shared PostgreSQL server, copied from a template of the test's
 * own: the analysis ITs need many identical databases quickly, and testkit's {@code
 * createDatabase()} always starts from {@code template0}.
 */
final class ScratchDatabases implements AutoCloseable {
  private final PostgresServer server;
  private final String adminUrl;
  private final String prefix;
  private int created;

  ScratchDatabases(String purpose) {
    this.server = PostgresServer.shared();
    this.adminUrl = server.adminJdbcUrl();
    this.prefix =
        "pgsafe_"
            + purpose
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl, credentials());
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
    Connection connection = DriverManager.getConnection(url, credentials());
    try (Statement s = connection.createStatement()) {
      s.execute("SET statement_timeout = '60s'");
    }
    return connection;
  }

  /** The user, unless the URL names one (testkit rejects a URL whose user disagrees). */
  private Properties credentials() {
    Properties properties = new Properties();
    if (!adminUrl.contains("user=")) {
      properties.setProperty("user", server.user());
    }
    return properties;
  }

  void drop(String database) throws SQLException {
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
    }
  }

  /** The server's major version. */
  PgVersion serverVersion() {
    return PgVersion.fromServerVersionNum(server.serverVersionNum());
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
