package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Testcontainers is on this classpath (failsafe keeps it); Docker may or may not be. */
class TestcontainersLauncherIT {
  private static final int MAJOR = TestkitSettings.fromEnvironment().major();
  private static final TestkitSettings ASK_FOR_TESTCONTAINERS =
      TestkitSettings.parse(
          Map.of(
              "PGSAFE_TEST_SOURCE", "testcontainers", "PGSAFE_PG_VERSION", String.valueOf(MAJOR)),
          Map.of(),
          BinariesVersions.load());

  @Test
  @RequiresDocker
  void startsTheRequestedMajorInAContainer() throws SQLException {
    PostgresServer server = PostgresServer.start(ASK_FOR_TESTCONTAINERS, ServerStarter.standard());
    try (TestDatabase database = server.createDatabase();
        Connection connection = database.connect()) {
      assertThat(server.source()).isEqualTo(PostgresSource.TESTCONTAINERS);
      assertThat(server.majorVersion()).isEqualTo(MAJOR);
      assertThat(connection.isValid(5)).isTrue();
    } finally {
      server.stop();
    }
  }

  @Test
  void failsClearlyWhenAskedForWithoutDocker() {
    Optional<ContainerLauncher> launcher = ContainerLauncher.load();
    assertThat(launcher).as("Testcontainers on the integration-test classpath").isPresent();
    assumeFalse(launcher.get().dockerAvailable(), "a Docker engine is available here");

    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () -> PostgresServer.start(ASK_FOR_TESTCONTAINERS, ServerStarter.standard()));

    assertThat(e)
        .hasMessageStartingWith(
            "pgsafe testkit: PGSAFE_TEST_SOURCE=testcontainers, but no Docker engine is available");
  }
}
