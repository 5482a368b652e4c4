package io.github.pgsafe.analysis;

/** Key words of a statement or action that change what it does. */
public enum Flag {
  CONCURRENTLY,
  IF_EXISTS,
  IF_NOT_EXISTS,
  OR_REPLACE,
  NOT_VALID,
  UNIQUE,
  /** {@code ONLY}: the named table alone, without partitions or inheritance children. */
  ONLY,
  CASCADE,
  /** {@code VACUUM FULL}. */
  FULL,
  /** {@code ADD CONSTRAINT ... USING INDEX}. */
  USING_INDEX,
  NOWAIT,
  /** {@code CREATE MATERIALIZED VIEW ... WITH NO DATA}, {@code REFRESH ... WITH NO DATA}. */
  WITH_NO_DATA,
  RESTART_IDENTITY,
  /** {@code DETACH PARTITION ... FINALIZE}. */
  FINALIZE,
  /** {@code VACUUM (ANALYZE)}, {@code VACUUM ANALYZE}. */
  ANALYZE,
  TEMPORARY,
  UNLOGGED,
  /** {@code SET LOCAL}: the setting ends with the transaction. */
  LOCAL,
  /** {@code SELECT ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE}. */
  FOR_UPDATE,
  /**
   * The statement runs code pgsafe does not analyse ({@code DO}, {@code CALL}, {@code CREATE
   * EXTENSION}): its locks and effects are whatever that code does.
   */
  OPAQUE_BODY
}
