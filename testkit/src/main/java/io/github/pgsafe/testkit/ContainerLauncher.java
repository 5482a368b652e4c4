package io.github.pgsafe.testkit;

import java.util.Optional;

/**
 * Starts PostgreSQL in a container. The one implementation, {@link TestcontainersLauncher}, is the
 * only class that touches Testcontainers; it is loaded by name, and only when Testcontainers is on
 * the classpath, so the testkit works without that optional dependency.
 */
interface ContainerLauncher {
  String IMPLEMENTATION = "io.github.pgsafe.testkit.TestcontainersLauncher";
  String TESTCONTAINERS_ARTIFACT = "org.testcontainers:testcontainers-postgresql";

  boolean dockerAvailable();

  RunningServer start(int major);

  /** The Testcontainers launcher, or empty when Testcontainers is not on the classpath. */
  static Optional<ContainerLauncher> load() {
    ClassLoader loader = ContainerLauncher.class.getClassLoader();
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, loader);
      Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Class.forName(IMPLEMENTATION, true, loader)
              .asSubclass(ContainerLauncher.class)
              .getDeclaredConstructor()
              .newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new PostgresServerException(
          "pgsafe testkit: Testcontainers is on the classpath but "
              + IMPLEMENTATION
              + " could not be loaded; is the Testcontainers version the one the pgsafe parent pom manages?",
          e);
    }
  }
}
