package io.github.pgsafe.testkit;

import java.util.ArrayList;
import java.util.List;

/** A container launcher that records what it was asked, for tests without Docker. */
final class FakeContainerLauncher implements ContainerLauncher {
  final boolean dockerAvailable;
  final List<Integer> startedMajors = new ArrayList<>();

  FakeContainerLauncher(boolean dockerAvailable) {
    this.dockerAvailable = dockerAvailable;
  }

  @Override
  public boolean dockerAvailable() {
    return dockerAvailable;
  }

  @Override
  public RunningServer start(int major) {
    startedMajors.add(major);
    return new RunningServer(
        PostgresSource.TESTCONTAINERS,
        JdbcUrl.loopback(32768, "postgres"),
        "postgres",
        "container postgres:" + major,
        () -> {});
  }
}
