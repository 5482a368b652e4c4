package io.github.pgsafe.testkit;

/**
 * The one server of this JVM, started on first use and stopped by a shutdown hook. A failed start
 * is remembered, so every later test fails fast with the same reason instead of trying again.
 */
final class SharedServer {
  private static PostgresServer server;
  private static PostgresServerException failure;

  private SharedServer() {}

  static synchronized PostgresServer get() {
    if (server != null) {
      return server;
    }
    if (failure != null) {
      throw new PostgresServerException(
          failure.getMessage() + "\n(The first attempt in this JVM failed; it is not retried.)",
          failure);
    }
    try {
      PostgresServer started =
          PostgresServer.start(TestkitSettings.fromEnvironment(), ServerStarter.standard());
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "pgsafe-testkit-stop"));
      server = started;
      return started;
    } catch (PostgresServerException e) {
      failure = e;
      throw e;
    }
  }
}
