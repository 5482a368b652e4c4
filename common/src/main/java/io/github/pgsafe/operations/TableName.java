package io.github.pgsafe.operations;

import io.github.pgsafe.sql.Identifiers;
import java.util.Optional;

/**
 * A table, optionally schema-qualified, as the user named it: {@code TableName.of("Orders")} is the
 * table {@code "Orders"}, case kept. Names are checked (non-empty, at most 63 bytes) at once.
 */
public record TableName(Optional<String> schema, String name) {
  public TableName {
    schema.ifPresent(Identifiers::quote);
    Identifiers.quote(name);
  }

  public static TableName of(String name) {
    return new TableName(Optional.empty(), name);
  }

  public static TableName of(String schema, String name) {
    return new TableName(Optional.of(schema), name);
  }

  /** For SQL that pgsafe runs: every part quoted. */
  public String sql() {
    return Identifiers.quoteQualified(schema.orElse(null), name);
  }

  /** For messages: quoted only where needed. */
  public String display() {
    return schema.map(s -> Identifiers.quoteIfNeeded(s) + ".").orElse("")
        + Identifiers.quoteIfNeeded(name);
  }

  @Override
  public String toString() {
    return display();
  }
}
