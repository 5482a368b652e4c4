package io.github.pgsafe.analysis;

/** Whether PostgreSQL lets a statement run inside a transaction block ({@code BEGIN ... }). */
public enum TransactionBlock {
  /** Inside or outside a transaction block. */
  ALLOWED,
  /**
   * Never inside one (SQLSTATE 25001, e.g. {@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}); also
   * assumed for statements the analysis does not recognise.
   */
  FORBIDDEN,
  /** Only inside one (SQLSTATE 25P01 otherwise, e.g. {@code LOCK TABLE}, {@code SAVEPOINT}). */
  REQUIRED;

  public boolean allowsTransactionBlock() {
    return this != FORBIDDEN;
  }
}
