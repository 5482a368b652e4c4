package io.github.pgsafe.testkit;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresDocker}. */
final class DockerAvailableCondition implements ExecutionCondition {
  private final Supplier<Optional<ContainerLauncher>> containers;

  DockerAvailableCondition() {
    this(ContainerLauncher::load);
  }

  DockerAvailableCondition(Supplier<Optional<ContainerLauncher>> containers) {
    this.containers = containers;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<ContainerLauncher> launcher = containers.get();
    if (launcher.isEmpty()) {
      return ConditionEvaluationResult.disabled(
          "@RequiresDocker: Testcontainers ("
              + ContainerLauncher.TESTCONTAINERS_ARTIFACT
              + ") is not on the test classpath");
    }
    if (!launcher.get().dockerAvailable()) {
      return ConditionEvaluationResult.disabled(
          "@RequiresDocker: Testcontainers finds no Docker engine");
    }
    return ConditionEvaluationResult.enabled("@RequiresDocker: a Docker engine is available");
  }
}
