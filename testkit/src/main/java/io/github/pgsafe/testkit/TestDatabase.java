package io.github.pgsafe.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database of its own for one test (or one test class), on a {@link PostgresServer}. {@link
 * #close()} drops it, even while connections to it are still open. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
  private final PostgresServer server;
  private final DatabaseName name;
  private final JdbcUrl url;
  private final AtomicBoolean closed = new AtomicBoolean();

  TestDatabase(PostgresServer server, DatabaseName name, JdbcUrl url) {
    this.server = server;
    this.name = name;
    this.url = url;
  }

  /** The database's name, {@code pgsafe_test_<jvm>_<n>}. */
  public String name() {
    return name.value();
  }

  /**
   * The JDBC URL of this database. It carries whatever parameters {@code PGSAFE_TEST_JDBC_URL} had
   * (a password among them, if any) but not necessarily the user: pass {@link #user()} too.
   */
  public String jdbcUrl() {
    return url.text();
  }

  public String user() {
    return server.user();
  }

  /** A new connection to this database; the caller closes it. */
  public Connection connect() throws SQLException {
    if (closed.get()) {
      throw new IllegalStateException(
          "pgsafe testkit: database " + name + " is closed and dropped; create another one");
    }
    return url.connect(server.user());
  }

  public int serverVersionNum() {
    return server.serverVersionNum();
  }

  public int majorVersion() {
    return server.majorVersion();
  }

  /** Drops the database, ending its open sessions. Calling it again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.drop(this, name);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase " + name + " on " + server;
  }
}
