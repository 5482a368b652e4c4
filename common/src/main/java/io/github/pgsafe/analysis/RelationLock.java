package io.github.pgsafe.analysis;

/**
 * A table-level lock a statement takes and holds until its transaction ends.
 *
 * @param scope which relations, relative to {@code relation}, are locked
 * @param relation the relation the statement names
 * @param mode the lock mode (the strongest one, when the statement takes several on it)
 */
public record RelationLock(Scope scope, RelationName relation, LockMode mode) {

  /** Which relations a lock is on, seen from the name in the statement. */
  public enum Scope {
    /** The named relation itself. */
    RELATION,
    /** The table that the named index belongs to (e.g. {@code DROP INDEX}). */
    TABLE_OF_INDEX,
    /** Every index of the named table (e.g. {@code REINDEX TABLE}, {@code VACUUM FULL}). */
    INDEXES_OF_TABLE,
    /**
     * Every table in the named schema (e.g. {@code REINDEX SCHEMA}, {@code DROP SCHEMA CASCADE}).
     */
    TABLES_IN_SCHEMA,
    /**
     * The tables the named (materialized) view's query reads, which only the catalog knows ({@code
     * REFRESH MATERIALIZED VIEW}).
     */
    TABLES_READ_BY_VIEW,
    /**
     * Every table of the database, or tables the analysis cannot name (a statement it does not
     * recognise); {@code relation} is then {@link #ANY_RELATION}.
     */
    ANY_TABLE
  }

  /** The placeholder relation of {@link Scope#ANY_TABLE}. */
  public static final RelationName ANY_RELATION = RelationName.of("*");

  public static RelationLock on(RelationName relation, LockMode mode) {
    return new RelationLock(Scope.RELATION, relation, mode);
  }

  /** For the explain output: {@code orders}, {@code indexes of orders}, {@code any table}. */
  public String describeRelations() {
    return switch (scope) {
      case RELATION -> relation.toString();
      case TABLE_OF_INDEX -> "table of index " + relation;
      case INDEXES_OF_TABLE -> "indexes of " + relation;
      case TABLES_IN_SCHEMA -> "tables in schema " + relation;
      case TABLES_READ_BY_VIEW -> "tables read by " + relation;
      case ANY_TABLE -> "any table";
    };
  }

  @Override
  public String toString() {
    return describeRelations() + ' ' + mode.pgLocksName();
  }
}
