package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class DockerAvailableConditionTest {

  @Test
  void enablesTestsWhereDockerIsAvailable() {
    ConditionEvaluationResult result =
        new DockerAvailableCondition(() -> Optional.of(new FakeContainerLauncher(true)))
            .evaluateExecutionCondition(null);

    assertThat(result.isDisabled()).isFalse();
  }

  @Test
  void skipsTestsWhereDockerIsMissing() {
    ConditionEvaluationResult result =
        new DockerAvailableCondition(() -> Optional.of(new FakeContainerLauncher(false)))
            .evaluateExecutionCondition(null);

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .contains("@RequiresDocker: Testcontainers finds no Docker engine");
  }

  @Test
  void skipsTestsWhereTestcontainersIsMissing() {
    // The real condition on this classpath, which surefire keeps free of Testcontainers.
    ConditionEvaluationResult result =
        new DockerAvailableCondition().evaluateExecutionCondition(null);

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .contains(
            "@RequiresDocker: Testcontainers (org.testcontainers:testcontainers-postgresql) is not"
                + " on the test classpath");
  }
}
