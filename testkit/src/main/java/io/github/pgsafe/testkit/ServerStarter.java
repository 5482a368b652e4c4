package io.github.pgsafe.testkit;

import java.util.Optional;
import java.util.function.Supplier;

/** Turns the chosen source into a running server, or says exactly why it cannot. */
final class ServerStarter {
  private final BinariesVersions versions;
  private final Supplier<Optional<ContainerLauncher>> containers;

  ServerStarter(BinariesVersions versions, Supplier<Optional<ContainerLauncher>> containers) {
    this.versions = versions;
    this.containers = containers;
  }

  static ServerStarter standard() {
    return new ServerStarter(BinariesVersions.load(), ContainerLauncher::load);
  }

  RunningServer start(TestkitSettings settings) {
    return switch (settings.source()) {
      case JDBC_URL -> RunningServer.existing(settings.jdbcUrl().orElseThrow(), settings.user());
      case TESTCONTAINERS -> startContainer(settings);
      case EMBEDDED -> EmbeddedServer.start(settings, versions);
    };
  }

  private RunningServer startContainer(TestkitSettings settings) {
    String asked = TestkitSettings.SOURCE.environmentVariable() + "=testcontainers";
    ContainerLauncher launcher =
        containers
            .get()
            .orElseThrow(
                () ->
                    new PostgresServerException(
                        "pgsafe testkit: %s, but Testcontainers is not on the test classpath. Add %s (test scope) to the project, or unset %s to use the embedded server."
                            .formatted(
                                asked,
                                ContainerLauncher.TESTCONTAINERS_ARTIFACT,
                                TestkitSettings.SOURCE.spellings())));
    if (!launcher.dockerAvailable()) {
      throw new PostgresServerException(
          "pgsafe testkit: %s, but no Docker engine is available, so no container can start. Nothing was started. Start Docker (or point DOCKER_HOST at an engine), or unset %s to use the embedded server. Tests that only make sense with Docker can be marked @RequiresDocker to skip where it is missing."
              .formatted(asked, TestkitSettings.SOURCE.spellings()));
    }
    try {
      return launcher.start(settings.major());
    } catch (RuntimeException e) {
      throw new PostgresServerException(
          "pgsafe testkit: Testcontainers could not start a PostgreSQL %d container: %s"
              .formatted(settings.major(), e.getMessage()),
          e);
    }
  }
}
