package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerStarterTest {
  private static final BinariesVersions VERSIONS = BinariesVersions.load();
  private static final TestkitSettings TESTCONTAINERS_16 =
      TestkitSettings.parse(
          Map.of("PGSAFE_TEST_SOURCE", "testcontainers", "PGSAFE_PG_VERSION", "16"),
          Map.of(),
          VERSIONS);

  @Test
  void usesTheExistingServerAsItIs() {
    TestkitSettings settings =
        TestkitSettings.parse(
            Map.of("PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db:5433/postgres?user=ci"),
            Map.of(),
            VERSIONS);

    RunningServer server = new ServerStarter(VERSIONS, Optional::empty).start(settings);

    assertThat(server.source()).isEqualTo(PostgresSource.JDBC_URL);
    assertThat(server.adminUrl().text()).isEqualTo("jdbc:postgresql://db:5433/postgres?user=ci");
    assertThat(server.user()).isEqualTo("ci");
  }

  @Test
  void startsAContainerOfTheRequestedMajorWhenDockerIsThere() {
    FakeContainerLauncher launcher = new FakeContainerLauncher(true);

    RunningServer server =
        new ServerStarter(VERSIONS, () -> Optional.of(launcher)).start(TESTCONTAINERS_16);

    assertThat(launcher.startedMajors).containsExactly(16);
    assertThat(server.source()).isEqualTo(PostgresSource.TESTCONTAINERS);
  }

  @Test
  void failsClearlyWhenTestcontainersIsAskedForButDockerIsMissing() {
    FakeContainerLauncher launcher = new FakeContainerLauncher(false);
    ServerStarter starter = new ServerStarter(VERSIONS, () -> Optional.of(launcher));

    PostgresServerException e =
        assertThrows(PostgresServerException.class, () -> starter.start(TESTCONTAINERS_16));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: PGSAFE_TEST_SOURCE=testcontainers, but no Docker engine is available,"
                + " so no container can start. Nothing was started. Start Docker (or point"
                + " DOCKER_HOST at an engine), or unset PGSAFE_TEST_SOURCE (or -Dpgsafe.test.source)"
                + " to use the embedded server. Tests that only make sense with Docker can be marked"
                + " @RequiresDocker to skip where it is missing.");
    assertThat(launcher.startedMajors).isEmpty();
  }

  @Test
  void failsClearlyWhenTestcontainersIsAskedForButNotOnTheClasspath() {
    ServerStarter starter = new ServerStarter(VERSIONS, Optional::empty);

    PostgresServerException e =
        assertThrows(PostgresServerException.class, () -> starter.start(TESTCONTAINERS_16));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: PGSAFE_TEST_SOURCE=testcontainers, but Testcontainers is not on the"
                + " test classpath. Add org.testcontainers:testcontainers-postgresql (test scope) to"
                + " the project, or unset PGSAFE_TEST_SOURCE (or -Dpgsafe.test.source) to use the"
                + " embedded server.");
  }

  @Test
  void runsWithoutTestcontainersOnTheClasspath() {
    // Surefire leaves Testcontainers off this module's unit-test classpath, as a project that
    // never added the optional dependency would; the real loader must cope.
    ServerStarter starter = ServerStarter.standard();

    PostgresServerException e =
        assertThrows(PostgresServerException.class, () -> starter.start(TESTCONTAINERS_16));

    assertThat(e).hasMessageContaining("Testcontainers is not on the test classpath");
  }
}
