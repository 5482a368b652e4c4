package io.github.pgsafe.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What earlier statements of the same script told the analysis, where a later statement depends on
 * it: {@code VALIDATE CONSTRAINT fk} locks the referenced table only if {@code fk} is a foreign
 * key, which only its {@code ADD CONSTRAINT} shows.
 */
final class ScriptContext {
  private final Map<String, Detail.Constraint> constraints = new HashMap<>();

  void constraintAdded(RelationName table, Detail.Constraint constraint) {
    constraint.name().ifPresent(name -> constraints.put(key(table, name), constraint));
  }

  Optional<Detail.Constraint> constraint(RelationName table, String name) {
    return Optional.ofNullable(constraints.get(key(table, name)));
  }

  private static String key(RelationName table, String constraint) {
    return table.name() + '\0' + constraint;
  }
}
