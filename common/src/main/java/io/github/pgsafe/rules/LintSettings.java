package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.PgVersion;
import java.util.Set;

/**
 * How to lint.
 *
 * @param pgVersion the PostgreSQL major the migrations will run on
 * @param executionModel how the migration tool sends a file's statements to the server
 * @param disabledRules ids of rules not to run
 * @param smallTableBytes a table at most this large (heap, indexes and TOAST) is small: findings
 *     about how long its lock lasts are downgraded one severity level, because scanning or
 *     rewriting it takes milliseconds. Only used when catalog facts are available.
 */
public record LintSettings(
    PgVersion pgVersion,
    ExecutionModel executionModel,
    Set<String> disabledRules,
    long smallTableBytes) {

  /** 8 MiB: about 1,000 heap pages, which a scan reads from cache in a few milliseconds. */
  public static final long DEFAULT_SMALL_TABLE_BYTES = 8L * 1024 * 1024;

  public static final ExecutionModel DEFAULT_EXECUTION_MODEL = ExecutionModel.PGSAFE;

  public LintSettings {
    disabledRules = Set.copyOf(disabledRules);
    if (smallTableBytes < 0) {
      throw new IllegalArgumentException(
          "smallTableBytes is " + smallTableBytes + "; it must be 0 or more");
    }
    for (String id : disabledRules) {
      if (BuiltInRules.doc(id).isEmpty()) {
        throw new IllegalArgumentException(
            "unknown rule '" + id + "' in disabled rules; known rules: " + BuiltInRules.ids());
      }
    }
  }

  /** Defaults for {@code pgVersion}: the pgsafe execution model, every rule on. */
  public static LintSettings defaults(PgVersion pgVersion) {
    return new LintSettings(
        pgVersion, DEFAULT_EXECUTION_MODEL, Set.of(), DEFAULT_SMALL_TABLE_BYTES);
  }

  public LintSettings withExecutionModel(ExecutionModel model) {
    return new LintSettings(pgVersion, model, disabledRules, smallTableBytes);
  }

  public LintSettings withDisabledRules(Set<String> ids) {
    return new LintSettings(pgVersion, executionModel, ids, smallTableBytes);
  }

  public boolean enabled(String ruleId) {
    return !disabledRules.contains(ruleId);
  }
}
