package io.github.pgsafe.analysis;

/**
 * What a statement does to a table's data while it holds its lock, cheapest first. How long the
 * lock is held depends on this: {@link #NONE} is a catalog change, the others grow with the table.
 */
public enum Effect {
  /** Only the catalog changes; done in a moment once the lock is granted. */
  NONE,
  /** Reads every row (to validate a constraint or a NOT NULL, to fill a view). */
  SCAN,
  /** Builds an index: a full scan plus a sort. */
  INDEX_BUILD,
  /** Writes a new copy of the table and its indexes (new {@code relfilenode}). */
  REWRITE,
  /**
   * Replaces the storage with empty storage ({@code TRUNCATE}): fast, but every row is gone. The
   * relation gets a new {@code relfilenode}, as with a rewrite.
   */
  TRUNCATE,
  /** Locks the rows it changes (or selects {@code FOR UPDATE}) until the transaction ends. */
  ROW_LOCKS;

  /** True if the relation gets new storage: {@link #REWRITE} and {@link #TRUNCATE}. */
  public boolean replacesStorage() {
    return this == REWRITE || this == TRUNCATE;
  }

  /** True if the statement reads the whole table: scan, index build and rewrite do. */
  public boolean readsWholeTable() {
    return this == SCAN || this == INDEX_BUILD || this == REWRITE;
  }
}
