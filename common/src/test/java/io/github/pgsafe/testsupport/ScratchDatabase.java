package io.github.pgsafe.testsupport;

import io.github.pgsafe.runtime.ConnectionSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test class, on the server at {@code PGSAFE_TEST_JDBC_URL} (default:
 * the local PostgreSQL with trust auth). Stands in for pgsafe-testkit until it is merged.
 */
public final class ScratchDatabase implements AutoCloseable {
  private static final String ADMIN_URL =
      System.getenv()
          .getOrDefault(
              "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

  private final String name;
  private final String url;

  private ScratchDatabase(String name) {
    this.name = name;
    int query = ADMIN_URL.indexOf('?');
    String base = query < 0 ? ADMIN_URL : ADMIN_URL.substring(0, query);
    String params = query < 0 ? "" : ADMIN_URL.substring(query);
    this.url = base.substring(0, base.lastIndexOf('/') + 1) + name + params;
  }

  public static ScratchDatabase create(Class<?> testClass) {
    String name =
        ("pgsafe_" + testClass.getSimpleName() + "_" + ThreadLocalRandom.current().nextInt(1 << 20))
            .toLowerCase(Locale.ROOT);
    ScratchDatabase db = new ScratchDatabase(name);
    try (Connection admin = DriverManager.getConnection(ADMIN_URL);
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create scratch database " + name, e);
    }
    return db;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  public ConnectionSource connections() {
    return this::connect;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  public long queryLong(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public String queryString(String sql) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = DriverManager.getConnection(ADMIN_URL);
        Statement st = admin.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
