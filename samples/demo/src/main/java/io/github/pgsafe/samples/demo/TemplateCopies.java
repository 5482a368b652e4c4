package io.github.pgsafe.samples.demo;

import io.github.pgsafe.sql.Identifiers;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Fresh copies of the seeded template ({@code CREATE DATABASE ... TEMPLATE}), one per run, so the
 * naive and the pgsafe run start from identical data.
 */
final class TemplateCopies implements AutoCloseable {
  private final PostgresServer server;
  private final TestDatabase template;
  private int copies;

  TemplateCopies(PostgresServer server) {
    this.server = server;
    this.template = server.createDatabase();
  }

  Database template() {
    return new Database(template.name(), template.jdbcUrl(), template.user(), "");
  }

  Database copy() throws SQLException {
    String name = template.name() + "_run" + ++copies;
    admin(
        "CREATE DATABASE "
            + Identifiers.quote(name)
            + " TEMPLATE "
            + Identifiers.quote(template.name()));
    // A checkpoint now keeps the copy's flush out of the measured run.
    admin("CHECKPOINT");
    String url = template.jdbcUrl().replace("/" + template.name(), "/" + name);
    return new Database(name, url, template.user(), "");
  }

  void drop(Database copy) throws SQLException {
    admin("DROP DATABASE IF EXISTS " + Identifiers.quote(copy.name()) + " WITH (FORCE)");
  }

  private void admin(String sql) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", server.user());
    try (Connection c = DriverManager.getConnection(server.adminJdbcUrl(), props);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public void close() {
    template.close();
  }
}
