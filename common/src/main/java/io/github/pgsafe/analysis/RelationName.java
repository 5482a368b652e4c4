package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Identifiers;
import java.util.Optional;

/**
 * A table, index, view, sequence or other relation as a statement names it: with its schema when
 * the statement gives one. Both parts are as PostgreSQL sees them (unquoted words folded to lower
 * case, quotes removed).
 *
 * @param schema the schema, when the statement names one
 * @param name the relation's own name
 */
public record RelationName(Optional<String> schema, String name) {

  public RelationName {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a relation name must not be empty");
    }
  }

  public static RelationName of(String name) {
    return new RelationName(Optional.empty(), name);
  }

  public static RelationName of(String schema, String name) {
    return new RelationName(Optional.of(schema), name);
  }

  /** True if both name the same relation when the unqualified one is found in {@code schema}. */
  public boolean sameAs(RelationName other) {
    return name.equals(other.name)
        && (schema.isEmpty() || other.schema.isEmpty() || schema.equals(other.schema));
  }

  // equals and hashCode are written out: relation names are map keys on every statement, and a
  // record's generated ones first build method handles and then run through them, which costs a
  // short-lived lint run more than the comparison itself.
  @Override
  public boolean equals(Object other) {
    return other instanceof RelationName that
        && name.equals(that.name)
        && schema.equals(that.schema);
  }

  @Override
  public int hashCode() {
    return 31 * schema.hashCode() + name.hashCode();
  }

  /** The name as a person would write it in SQL: {@code billing.invoices}, {@code "Order"}. */
  @Override
  public String toString() {
    String shown = display(name);
    return schema.map(s -> display(s) + '.' + shown).orElse(shown);
  }

  private static String display(String part) {
    try {
      return Identifiers.quoteIfNeeded(part);
    } catch (IllegalArgumentException tooLongOrOdd) {
      return part;
    }
  }
}
