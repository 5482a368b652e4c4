package io.github.pgsafe.operations;

import java.util.Optional;

/**
 * The statements of a batched backfill. Keys are compared as rows ({@code (a, b) > (?, ?)}), which
 * a btree index on {@code (a, b)} answers as a range; cursor values travel as text and are cast to
 * the key's own types.
 */
final class BatchSql {
  private final TableName table;
  private final BackfillKey key;
  private final String assignments;
  private final Optional<String> predicate;

  BatchSql(TableName table, BackfillKey key, String assignments, Optional<String> predicate) {
    this.table = table;
    this.key = key;
    this.assignments = assignments;
    this.predicate = predicate;
  }

  /** The largest key now: the upper bound of the whole backfill. */
  String upper() {
    return "SELECT "
        + key.asText()
        + " FROM "
        + table.sql()
        + " ORDER BY "
        + key.descending()
        + " LIMIT 1";
  }

  /**
   * The key of the last of the next {@code n} rows after the cursor (at most up to the upper bound)
   * and how many there are. An index(-only) scan of at most n index entries, never of finished
   * rows. Parameters: [last key], upper key, n.
   */
  String bound(boolean first) {
    return "SELECT "
        + key.asText()
        + ", count(*) OVER () FROM (SELECT "
        + key.list()
        + " FROM "
        + table.sql()
        + " WHERE "
        + range(first)
        + " ORDER BY "
        + key.list()
        + " LIMIT ?) pgsafe_batch ORDER BY "
        + key.descending()
        + " LIMIT 1";
  }

  /** The batch itself, a range of the key. Parameters: [last key], next key. */
  String update(boolean first) {
    return "UPDATE "
        + table.sql()
        + " SET "
        + assignments
        + " WHERE "
        + range(first)
        + predicate.map(p -> " AND (" + p + ")").orElse("");
  }

  /** Lets PostgreSQL check the assignments and the predicate without touching a row. */
  String explain() {
    return "EXPLAIN UPDATE "
        + table.sql()
        + " SET "
        + assignments
        + " WHERE false"
        + predicate.map(p -> " AND (" + p + ")").orElse("");
  }

  private String range(boolean first) {
    String upTo = key.row() + " <= " + key.parameters();
    return first ? upTo : key.row() + " > " + key.parameters() + " AND " + upTo;
  }
}
