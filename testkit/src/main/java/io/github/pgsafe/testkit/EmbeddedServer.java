package io.github.pgsafe.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts PostgreSQL from zonky's binaries, tuned for tests: fast, local, disposable. */
final class EmbeddedServer {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

  static final String USER = "postgres";
  static final String DATABASE = "postgres";
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Durability is worth nothing in a throwaway cluster, so it is traded for speed. Connections stay
   * plentiful for tests that open many, and the server listens on loopback only.
   */
  static final Map<String, String> SERVER_CONFIG =
      Map.of(
          "listen_addresses", "127.0.0.1",
          "max_connections", "200",
          "fsync", "off",
          "synchronous_commit", "off",
          "full_page_writes", "off",
          "timezone", "UTC");

  private EmbeddedServer() {}

  static RunningServer start(TestkitSettings settings, BinariesVersions versions) {
    ProcessUser.current().requireCanRunInitdb();
    int major = settings.major();
    EmbeddedBinaries binaries =
        new EmbeddedBinaries(
            major,
            versions.forMajor(major).orElseThrow(),
            settings.mavenLocalRepository(),
            EmbeddedServer.class.getClassLoader());
    // Inside zonky's working directory, so that zonky stops and removes it if this JVM is killed.
    Path dataDirectory =
        settings
            .temporaryDirectory()
            .resolve("embedded-pg")
            .resolve("pgsafe-data-" + UUID.randomUUID());
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver(binaries)
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setRegisterShutdownHook(false) // PostgresServer's hook stops it
            .setLocaleConfig("locale", "C")
            .setPGStartupWait(STARTUP_TIMEOUT);
    SERVER_CONFIG.forEach(builder::setServerConfig);
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (PostgresServerException e) {
      throw e;
    } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
      throw new PostgresServerException(
          """
          pgsafe testkit could not start the embedded PostgreSQL %d server (zonky binaries %s, data \
          directory %s): %s. The server's own output is in the log above. If initdb says it \
          cannot be run as root, run the build as a non-root user or set \
          PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres to use a \
          running server instead."""
              .formatted(major, binaries.version(), dataDirectory, describe(e)),
          e);
    }
    return new RunningServer(
        PostgresSource.EMBEDDED,
        JdbcUrl.loopback(postgres.getPort(), DATABASE),
        USER,
        "embedded, zonky binaries " + binaries.version() + ", data " + dataDirectory,
        () -> stop(postgres));
  }

  private static void stop(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("pgsafe testkit: stopping the embedded PostgreSQL server failed", e);
    }
  }

  private static String describe(Throwable e) {
    Throwable cause =
        e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
