package io.github.pgsafe.analysis;

/**
 * Behaviour that changed with a PostgreSQL major version and that changes what a statement does to
 * the database. {@link PgVersion#has(PgFeature)} tells whether a server has it.
 */
public enum PgFeature {
  /**
   * {@code ADD COLUMN ... DEFAULT <non-volatile>} stores the default in the catalog instead of
   * rewriting the table.
   */
  FAST_ADD_COLUMN_DEFAULT(11),
  /**
   * {@code SET NOT NULL} skips its full scan when a validated {@code CHECK (col IS NOT NULL)}
   * already proves it (the catalog part is up to the caller).
   */
  SET_NOT_NULL_USES_VALID_CHECK(12),
  /** {@code ALTER TYPE ... ADD VALUE} may run inside a transaction block. */
  ADD_ENUM_VALUE_IN_TRANSACTION(12),
  /** {@code REINDEX ... CONCURRENTLY} exists. */
  REINDEX_CONCURRENTLY(12),
  /** {@code ATTACH PARTITION} takes SHARE UPDATE EXCLUSIVE, not ACCESS EXCLUSIVE, on the parent. */
  ATTACH_PARTITION_SHARE_UPDATE_EXCLUSIVE(12),
  /** {@code ALTER INDEX ... RENAME} takes SHARE UPDATE EXCLUSIVE, not ACCESS EXCLUSIVE. */
  RENAME_INDEX_SHARE_UPDATE_EXCLUSIVE(12),
  /** {@code DETACH PARTITION ... CONCURRENTLY | FINALIZE} exists (a syntax error before). */
  DETACH_PARTITION_CONCURRENTLY(14),
  /** {@code MERGE} exists. */
  MERGE(15),
  /**
   * {@code GRANT} and {@code REVOKE ... ON TABLE} take ACCESS SHARE on the table (measured by
   * LockTruthIT: 18 does; 14, 15 and 17 take no relation lock).
   */
  GRANT_LOCKS_TABLE(18);

  private final int sinceMajor;

  PgFeature(int sinceMajor) {
    this.sinceMajor = sinceMajor;
  }

  /** The first major version that has it. */
  public int sinceMajor() {
    return sinceMajor;
  }
}
