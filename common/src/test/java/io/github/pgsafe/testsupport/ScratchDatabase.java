package io.github.pgsafe.testsupport;

import io.github.pgsafe.runtime.ConnectionSource;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own for one test class, from pgsafe-testkit ({@link PostgresServer#shared()}:
 * {@code PGSAFE_TEST_JDBC_URL}, Testcontainers or embedded binaries), with the few helpers the
 * runtime and operations ITs share.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final TestDatabase database;

  private ScratchDatabase(TestDatabase database) {
    this.database = database;
  }

  public static ScratchDatabase create(Class<?> testClass) {
    return new ScratchDatabase(PostgresServer.shared().createDatabase());
  }

  public Connection connect() throws SQLException {
    return database.connect();
  }

  public ConnectionSource connections() {
    return this::connect;
  }

  public int majorVersion() {
    return database.majorVersion();
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
  public void close() {
    database.close();
  }
}
