package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.RelationName;

/** The sentences every message uses to say what a lock does to the application. */
final class LockWords {
  private LockWords() {}

  /** {@code an ACCESS EXCLUSIVE lock on orders: every query on orders, reads included, waits}. */
  static String lockOn(LockMode mode, RelationName table) {
    return article(mode)
        + " "
        + mode.sqlName()
        + " lock on "
        + table
        + ": "
        + whoWaits(mode, table);
  }

  static String whoWaits(LockMode mode, RelationName table) {
    if (mode.blocksReads()) {
      return "every query on " + table + ", reads included, waits";
    }
    if (mode.blocksWrites()) {
      return "every INSERT, UPDATE and DELETE on " + table + " waits";
    }
    return "other schema changes and maintenance on " + table + " wait";
  }

  private static String article(LockMode mode) {
    return mode == LockMode.ACCESS_SHARE
            || mode == LockMode.ACCESS_EXCLUSIVE
            || mode == LockMode.EXCLUSIVE
        ? "an"
        : "a";
  }
}
