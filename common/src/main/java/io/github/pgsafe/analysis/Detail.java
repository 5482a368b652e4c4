package io.github.pgsafe.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The typed particulars of a statement or action that rules need beyond its kind, locks and
 * effects. Each form fills in the record that fits it; {@link None} when there is nothing more.
 */
public sealed interface Detail {

  /** Nothing beyond kind, target and flags. */
  record None() implements Detail {}

  /** Shared instance of {@link None}. */
  Detail NONE = new None();

  /**
   * {@code CREATE [UNIQUE] INDEX}.
   *
   * @param name the index name, when given
   * @param table the indexed table
   * @param method the access method ({@code btree} when not given)
   * @param keys the key list as written, parentheses included: {@code (lower(reference))}
   * @param include the {@code INCLUDE} list as written, parentheses included
   * @param where the predicate of a partial index, without {@code WHERE}
   */
  record Index(
      Optional<String> name,
      RelationName table,
      String method,
      String keys,
      Optional<String> include,
      Optional<String> where)
      implements Detail {}

  /**
   * A column being added or changed.
   *
   * @param column the column name
   * @param type the type as written ({@code ADD COLUMN}, {@code ALTER COLUMN TYPE})
   * @param defaultValue the {@code DEFAULT} expression ({@code ADD COLUMN}, {@code SET DEFAULT})
   * @param using the {@code USING} expression of {@code ALTER COLUMN TYPE}
   * @param notNull {@code ADD COLUMN ... NOT NULL} (or {@code PRIMARY KEY})
   * @param generation how values are generated
   */
  record Column(
      String column,
      Optional<String> type,
      Optional<Expression> defaultValue,
      Optional<String> using,
      boolean notNull,
      Generation generation)
      implements Detail {

    public static Column named(String column) {
      return new Column(
          column, Optional.empty(), Optional.empty(), Optional.empty(), false, Generation.NONE);
    }
  }

  /** How a column's values are generated. */
  enum Generation {
    NONE,
    /** {@code GENERATED ALWAYS AS (...) STORED}: computed for every row, a rewrite. */
    STORED,
    /** {@code GENERATED ALWAYS AS (...) [VIRTUAL]} (PostgreSQL 18): computed on read. */
    VIRTUAL,
    /** {@code GENERATED ... AS IDENTITY}, {@code serial}: a sequence fills every row. */
    IDENTITY
  }

  /**
   * A table constraint being added, validated, dropped or changed.
   *
   * @param name the constraint name, when given
   * @param type its type; {@link ConstraintType#UNKNOWN} when the statement does not say it ({@code
   *     VALIDATE}/{@code DROP CONSTRAINT} of a constraint not defined earlier in the script)
   * @param definition the definition as written after the name, e.g. {@code CHECK (amount >= 0)}
   * @param references the referenced table of a foreign key
   * @param index the index of {@code ... USING INDEX}
   */
  record Constraint(
      Optional<String> name,
      ConstraintType type,
      String definition,
      Optional<RelationName> references,
      Optional<String> index)
      implements Detail {}

  /** The kinds of table constraint. */
  enum ConstraintType {
    CHECK,
    FOREIGN_KEY,
    UNIQUE,
    PRIMARY_KEY,
    EXCLUDE,
    NOT_NULL,
    UNKNOWN
  }

  /**
   * A rename: of a column, a constraint, or (when {@code from} is empty) of the target itself.
   *
   * @param from the old name of the column or constraint
   * @param to the new name
   */
  record Rename(Optional<String> from, String to) implements Detail {}

  /**
   * {@code ATTACH PARTITION} / {@code DETACH PARTITION} of a table or index.
   *
   * @param partition the partition (table or index)
   * @param bound the {@code FOR VALUES ...} or {@code DEFAULT} clause as written
   */
  record Partition(RelationName partition, Optional<String> bound) implements Detail {}

  /**
   * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code COPY}.
   *
   * @param target the table whose rows change
   * @param hasWhere true if the statement has a {@code WHERE} clause (always false for {@code
   *     INSERT} and {@code COPY}; an {@code UPDATE} without one changes every row)
   */
  record DataChange(RelationName target, boolean hasWhere) implements Detail {}

  /**
   * {@code SET}, {@code RESET}, {@code SHOW} of a run-time parameter.
   *
   * @param name the parameter, lower case, e.g. {@code lock_timeout}; {@code all} for {@code RESET
   *     ALL}
   * @param value the value as written, without quotes processing
   */
  record Setting(String name, Optional<String> value) implements Detail {}

  /**
   * {@code SET (...)} / {@code RESET (...)} of storage parameters.
   *
   * @param names the parameter names, lower case, e.g. {@code fillfactor}
   */
  record StorageOptions(List<String> names) implements Detail {
    public StorageOptions {
      names = List.copyOf(names);
    }
  }

  /**
   * A plain name the form carries: the new owner, schema or tablespace, a trigger, policy, enum
   * value, object or the created object's name.
   *
   * @param name the name (or, for an enum value, the literal as written)
   */
  record Name(String name) implements Detail {}

  /**
   * {@code LOCK TABLE}.
   *
   * @param mode the requested mode (ACCESS EXCLUSIVE when not given)
   */
  record Lock(LockMode mode) implements Detail {}
}
