package io.github.pgsafe.liquibase.internal;

import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One phase of pgsafe-common's {@link ExpandContract} as a {@link SafeOperation}, which is what a
 * Liquibase change runs (update) or prints (update-sql): a changeset is one deployment, so it runs
 * one phase.
 */
public final class ExpandContractStep implements SafeOperation {
  /** Which deployment a changeset is. */
  public enum Phase {
    EXPAND,
    CONTRACT,
    ABORT;

    /** The phase named by {@code text} (any case), or empty. */
    public static Optional<Phase> parse(String text) {
      for (Phase phase : values()) {
        if (phase.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return Optional.of(phase);
        }
      }
      return Optional.empty();
    }

    /** As changelogs write it: {@code expand}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final ExpandContract change;
  private final Phase phase;

  public ExpandContractStep(ExpandContract change, Phase phase) {
    this.change = change;
    this.phase = phase;
  }

  @Override
  public List<PlanStep> plan() {
    return switch (phase) {
      case EXPAND -> change.expandPlan();
      case CONTRACT -> change.contractPlan();
      case ABORT -> change.abortPlan();
    };
  }

  @Override
  public void run(Connection connection) {
    switch (phase) {
      case EXPAND -> change.expand(connection);
      case CONTRACT -> change.contract(connection);
      case ABORT -> change.abort(connection);
    }
  }
}
