package io.github.pgsafe.testkit;

/**
 * A server that a source made available, before the testkit has asked it anything.
 *
 * @param source where it came from
 * @param adminUrl the URL of its maintenance database, where databases are created and dropped
 * @param user the role to connect as; it may create databases
 * @param description what it is, for logs: "existing server", "container postgres:17", "embedded,
 *     ..."
 * @param stopAction stops what the source started; does nothing for an existing server
 */
record RunningServer(
    PostgresSource source, JdbcUrl adminUrl, String user, String description, Runnable stopAction) {

  static RunningServer existing(JdbcUrl url, String user) {
    return new RunningServer(PostgresSource.JDBC_URL, url, user, "existing server", () -> {});
  }

  void stop() {
    stopAction.run();
  }
}
