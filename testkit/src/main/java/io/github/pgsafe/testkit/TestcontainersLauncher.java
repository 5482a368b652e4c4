package io.github.pgsafe.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts the official postgres image with Testcontainers. Loaded only by {@link ContainerLauncher}.
 */
final class TestcontainersLauncher implements ContainerLauncher {
  private static final String USER = "postgres";
  private static final String DATABASE = "postgres";
  private static final String MAX_CONNECTIONS = "200";

  TestcontainersLauncher() {}

  @Override
  public boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  public RunningServer start(int major) {
    DockerImageName image = DockerImageName.parse("postgres:" + major);
    PostgreSQLContainer container =
        new PostgreSQLContainer(image)
            .withUsername(USER)
            .withDatabaseName(DATABASE)
            // Trust, like the embedded server: no password travels with the URL.
            .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=" + MAX_CONNECTIONS);
    container.start();
    JdbcUrl url =
        new JdbcUrl(
            container.getHost()
                + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
            DATABASE,
            "");
    return new RunningServer(
        PostgresSource.TESTCONTAINERS, url, USER, "container " + image, container::stop);
  }
}
