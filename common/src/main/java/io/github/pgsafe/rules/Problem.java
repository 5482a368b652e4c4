package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.RelationName;
import java.util.Optional;

/**
 * What a rule found, before the linter places it in the file and applies catalog facts.
 *
 * @param message the consequence, with the user's names
 * @param fix the SQL to run instead; empty when there is none
 * @param table the table whose size decides how long the lock lasts, when it does: on a small table
 *     the finding is downgraded
 */
record Problem(String message, String fix, Optional<RelationName> table) {

  /** A problem whose harm grows with the size of {@code table}. */
  static Problem onTable(RelationName table, String message, String fix) {
    return new Problem(message, fix, Optional.of(table));
  }

  /** A problem that is the same on any table (a failing statement, an application break). */
  static Problem always(String message, String fix) {
    return new Problem(message, fix, Optional.empty());
  }
}
