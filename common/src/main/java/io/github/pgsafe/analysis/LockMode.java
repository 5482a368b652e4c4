package io.github.pgsafe.analysis;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The eight table-level lock modes of PostgreSQL, weakest first. Which pairs conflict is the table
 * "Conflicting Lock Modes" of the manual's chapter "Explicit Locking"; {@code LockModeConflictIT}
 * checks every pair against a live server.
 */
public enum LockMode {
  /** Plain {@code SELECT}; conflicts only with ACCESS EXCLUSIVE. */
  ACCESS_SHARE("AccessShareLock", "ACCESS SHARE"),
  /** {@code SELECT ... FOR UPDATE/SHARE}, foreign-key checks on the referenced table. */
  ROW_SHARE("RowShareLock", "ROW SHARE"),
  /** {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}. */
  ROW_EXCLUSIVE("RowExclusiveLock", "ROW EXCLUSIVE"),
  /** {@code VACUUM}, {@code ANALYZE}, {@code CREATE INDEX CONCURRENTLY}, {@code VALIDATE}. */
  SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "SHARE UPDATE EXCLUSIVE"),
  /** {@code CREATE INDEX}: blocks writes, allows reads. */
  SHARE("ShareLock", "SHARE"),
  /** {@code CREATE TRIGGER}, {@code ADD FOREIGN KEY}: blocks writes and itself. */
  SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "SHARE ROW EXCLUSIVE"),
  /** {@code REFRESH MATERIALIZED VIEW CONCURRENTLY}: only plain reads go on. */
  EXCLUSIVE("ExclusiveLock", "EXCLUSIVE"),
  /** Most {@code ALTER TABLE}, {@code DROP}, {@code TRUNCATE}: blocks even {@code SELECT}. */
  ACCESS_EXCLUSIVE("AccessExclusiveLock", "ACCESS EXCLUSIVE");

  /**
   * Bit {@code j} of {@code CONFLICTS[i]} is set when mode {@code i} conflicts with mode {@code j}
   * (ordinals). Written out row by row from the manual's table rather than derived, so that each
   * row can be compared with the manual by eye.
   */
  private static final int[] CONFLICTS = {
    bits(7),
    bits(6, 7),
    bits(4, 5, 6, 7),
    bits(3, 4, 5, 6, 7),
    bits(2, 3, 5, 6, 7),
    bits(2, 3, 4, 5, 6, 7),
    bits(1, 2, 3, 4, 5, 6, 7),
    bits(0, 1, 2, 3, 4, 5, 6, 7),
  };

  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private final String pgLocksName;
  private final String sqlName;

  LockMode(String pgLocksName, String sqlName) {
    this.pgLocksName = pgLocksName;
    this.sqlName = sqlName;
  }

  /** The name in {@code pg_locks.mode}, e.g. {@code ShareUpdateExclusiveLock}. */
  public String pgLocksName() {
    return pgLocksName;
  }

  /** The name in {@code LOCK TABLE ... IN <name> MODE}, e.g. {@code SHARE UPDATE EXCLUSIVE}. */
  public String sqlName() {
    return sqlName;
  }

  /** True if a transaction holding this mode makes one asking for {@code other} wait. */
  public boolean conflictsWith(LockMode other) {
    return (CONFLICTS[ordinal()] & (1 << other.ordinal())) != 0;
  }

  /** True if plain {@code SELECT}s on the table wait while this lock is held or queued. */
  public boolean blocksReads() {
    return conflictsWith(ACCESS_SHARE);
  }

  /** True if {@code INSERT}, {@code UPDATE} and {@code DELETE} wait behind this lock. */
  public boolean blocksWrites() {
    return conflictsWith(ROW_EXCLUSIVE);
  }

  /** The stronger of the two, in the order of this enum. */
  public LockMode max(LockMode other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** The mode whose {@code pg_locks.mode} is {@code name}, e.g. {@code RowExclusiveLock}. */
  public static Optional<LockMode> fromPgLocksName(String name) {
    for (LockMode mode : values()) {
      if (mode.pgLocksName.equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  /** The mode named {@code name} as in {@code LOCK TABLE}, any case and spacing of words. */
  public static Optional<LockMode> fromSqlName(String name) {
    String normalized = BLANKS.matcher(name.strip()).replaceAll(" ").toUpperCase(Locale.ROOT);
    for (LockMode mode : values()) {
      if (mode.sqlName.equals(normalized)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  private static int bits(int... ordinals) {
    int mask = 0;
    for (int ordinal : ordinals) {
      mask |= 1 << ordinal;
    }
    return mask;
  }
}
