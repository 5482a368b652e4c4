package io.github.pgsafe.rules;

import java.util.List;

/** Short constructors for {@link RuleDoc}, so each rule's documentation reads as one block. */
final class RuleDocs {
  static final String EXPLICIT_LOCKING =
      "https://www.postgresql.org/docs/current/explicit-locking.html";
  static final String ALTER_TABLE = "https://www.postgresql.org/docs/current/sql-altertable.html";
  static final String CREATE_INDEX = "https://www.postgresql.org/docs/current/sql-createindex.html";

  private RuleDocs() {}

  static RuleDoc error(
      String id, String summary, String why, String unsafe, String safe, String... links) {
    return new RuleDoc(id, Severity.ERROR, summary, why, unsafe, safe, List.of(links));
  }

  static RuleDoc warning(
      String id, String summary, String why, String unsafe, String safe, String... links) {
    return new RuleDoc(id, Severity.WARNING, summary, why, unsafe, safe, List.of(links));
  }
}
