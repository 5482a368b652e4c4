package io.github.pgsafe.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests, which hands out fresh databases.
 *
 * <pre>{@code
 * try (TestDatabase db = PostgresServer.shared().createDatabase();
 *     Connection connection = db.connect()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The server comes from the first of these that applies (see the module's README):
 *
 * <ol>
 *   <li>{@code PGSAFE_TEST_JDBC_URL} (or {@code -Dpgsafe.test.jdbc.url}): an existing server; the
 *       user is the URL's {@code user} parameter, else {@code PGSAFE_TEST_USER}, else {@code
 *       postgres}, and it must be allowed to create databases;
 *   <li>{@code PGSAFE_TEST_SOURCE=testcontainers}: a container, which needs Testcontainers on the
 *       classpath and a Docker engine, and fails with a clear message otherwise;
 *   <li>otherwise an embedded server from zonky's binaries.
 * </ol>
 *
 * <p>Testcontainers and the embedded server run the major version {@code PGSAFE_PG_VERSION} (or
 * {@code -Dpgsafe.pg.version}), 17 by default; an existing server runs whatever it runs. Instances
 * are thread-safe.
 */
public final class PostgresServer {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

  /**
   * Databases are named {@code pgsafe_test_<jvm>_<n>}; leftovers of a killed JVM are easy to spot.
   */
  static final String DATABASE_NAME_PREFIX = "pgsafe_test_";

  private final RunningServer running;
  private final int serverVersionNum;
  private final String serverVersion;
  private final String databaseNamePrefix;
  private final AtomicInteger databasesCreated = new AtomicInteger();
  private final Set<TestDatabase> openDatabases = ConcurrentHashMap.newKeySet();

  private PostgresServer(RunningServer running, int serverVersionNum, String serverVersion) {
    this.running = running;
    this.serverVersionNum = serverVersionNum;
    this.serverVersion = serverVersion;
    this.databaseNamePrefix =
        DATABASE_NAME_PREFIX + UUID.randomUUID().toString().substring(0, 8) + "_";
  }

  /**
   * The server of this JVM, started on the first call and stopped when the JVM exits. If it cannot
   * start, this and every later call throws {@link PostgresServerException} saying why.
   */
  public static PostgresServer shared() {
    return SharedServer.get();
  }

  static PostgresServer start(TestkitSettings settings, ServerStarter starter) {
    long startedAt = System.nanoTime();
    RunningServer running = starter.start(settings);
    try {
      PostgresServer server = connectAndCheck(running, settings);
      LOG.info(
          "pgsafe testkit: PostgreSQL {} ({}) ready at {} in {} ms",
          server.serverVersion,
          running.description(),
          running.adminUrl().redacted(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
      return server;
    } catch (RuntimeException e) {
      running.stop();
      throw e;
    }
  }

  private static PostgresServer connectAndCheck(RunningServer running, TestkitSettings settings) {
    int versionNum;
    String version;
    try (Connection connection = running.adminUrl().connect(running.user());
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
      row.next();
      versionNum = row.getInt(1);
      version = row.getString(2);
    } catch (SQLException e) {
      String fix =
          running.source() == PostgresSource.JDBC_URL
              ? "Check that the server runs and lets this user in (pg_hba.conf), or fix "
                  + TestkitSettings.JDBC_URL.spellings()
                  + "."
              : "The testkit started this server itself; its own output is in the log above.";
      throw new PostgresServerException(
          "pgsafe testkit cannot connect to %s at %s as user %s: %s. %s"
              .formatted(
                  running.description(),
                  running.adminUrl().redacted(),
                  running.user(),
                  e.getMessage(),
                  fix),
          e);
    }
    int major = versionNum / 10000;
    if (major != settings.major()) {
      if (running.source() != PostgresSource.JDBC_URL) {
        throw new PostgresServerException(
            "pgsafe testkit asked for PostgreSQL %d (%s) but the server (%s) runs PostgreSQL %s. Nothing else was started; the server is stopped again. The binaries or image on the classpath are for another major: check the build's PGSAFE_PG_VERSION and its pgNN profile."
                .formatted(
                    settings.major(), settings.majorOrigin(), running.description(), version));
      }
      LOG.info(
          "pgsafe testkit: the existing server runs PostgreSQL {}; the requested major {} ({}) applies only to embedded and Testcontainers servers",
          version,
          settings.major(),
          settings.majorOrigin());
    }
    return new PostgresServer(running, versionNum, version);
  }

  /**
   * Creates a new, empty database with a unique name ({@code CREATE DATABASE ... TEMPLATE
   * template0}, UTF8, C collation). Close the handle to drop it.
   */
  public TestDatabase createDatabase() {
    DatabaseName name = new DatabaseName(databaseNamePrefix + databasesCreated.incrementAndGet());
    try {
      execute(List.of(name.createStatement()));
    } catch (SQLException e) {
      String hint =
          "42501".equals(e.getSQLState())
              ? " The user needs the CREATEDB privilege: ALTER ROLE "
                  + running.user()
                  + " CREATEDB;"
              : "";
      throw new PostgresServerException(
          "pgsafe testkit could not create database %s on %s as user %s: %s. Nothing was created.%s"
              .formatted(name, running.adminUrl().redacted(), running.user(), e.getMessage(), hint),
          e);
    }
    TestDatabase database =
        new TestDatabase(this, name, running.adminUrl().withDatabase(name.value()));
    openDatabases.add(database);
    return database;
  }

  void drop(TestDatabase database, DatabaseName name) {
    try {
      execute(name.dropStatements(serverVersionNum));
    } catch (SQLException e) {
      throw new PostgresServerException(
          "pgsafe testkit could not drop database %s on %s: %s. It is left behind; drop it by hand with: DROP DATABASE %s%s;"
              .formatted(
                  name,
                  running.adminUrl().redacted(),
                  e.getMessage(),
                  name.quoted(),
                  serverVersionNum >= DatabaseName.FORCE_DROP_SINCE_VERSION_NUM
                      ? " WITH (FORCE)"
                      : ""),
          e);
    } finally {
      openDatabases.remove(database);
    }
  }

  private void execute(List<String> statements) throws SQLException {
    try (Connection connection = connectAdmin();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** A new connection to the maintenance database, as {@link #user()}. */
  Connection connectAdmin() throws SQLException {
    return running.adminUrl().connect(running.user());
  }

  /** Drops what is left (on an existing server) and stops what the testkit started. */
  void stop() {
    if (running.source() == PostgresSource.JDBC_URL) {
      for (TestDatabase database : List.copyOf(openDatabases)) {
        try {
          database.close();
        } catch (PostgresServerException e) {
          LOG.warn(e.getMessage());
        }
      }
    }
    running.stop();
  }

  /** The URL of the maintenance database ({@code postgres}), where databases are created. */
  public String adminJdbcUrl() {
    return running.adminUrl().text();
  }

  /** The role tests connect as; a superuser except, perhaps, on an existing server. */
  public String user() {
    return running.user();
  }

  /** The major version, e.g. 17. */
  public int majorVersion() {
    return serverVersionNum / 10000;
  }

  /** {@code server_version_num}, e.g. 170011 for 17.11. */
  public int serverVersionNum() {
    return serverVersionNum;
  }

  public PostgresSource source() {
    return running.source();
  }

  @Override
  public String toString() {
    return "PostgreSQL " + serverVersion + " (" + running.description() + ")";
  }
}
