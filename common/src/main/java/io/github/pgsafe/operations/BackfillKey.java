package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key a backfill walks: the primary key, or else the narrowest valid, non-partial, immediate
 * btree unique index whose columns are all NOT NULL. Column names and types come from the catalog
 * and reach SQL only through {@link Identifiers} (types as {@code format_type} prints them).
 *
 * @param columns the key columns, in index order
 * @param types their types as {@code format_type} prints them, for the casts of cursor values
 * @param source where the key comes from, for messages: {@code primary key orders_pkey}
 */
record BackfillKey(List<String> columns, List<String> types, String source) {
  BackfillKey {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
  }

  private static final String FIND_SQL =
      "SELECT i.indisprimary, ic.relname,"
          + " array_agg(a.attname::text ORDER BY k.ord),"
          + " array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY k.ord)"
          + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
          + " JOIN pg_am am ON am.oid = ic.relam"
          + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indisvalid"
          + " AND i.indimmediate AND i.indpred IS NULL AND i.indexprs IS NULL"
          + " AND am.amname = 'btree' AND k.ord <= i.indnkeyatts"
          + " GROUP BY i.indexrelid, i.indisprimary, ic.relname"
          + " HAVING bool_and(a.attnotnull)"
          + " ORDER BY i.indisprimary DESC, count(*), ic.relname LIMIT 1";

  /** Finds the key of {@code table}, or refuses with a message that says what to add. */
  static BackfillKey of(Connection connection, TableName table) throws SQLException {
    requireTable(connection, table);
    try (PreparedStatement ps = connection.prepareStatement(FIND_SQL)) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PgsafeException(
              "pgsafe cannot backfill "
                  + table.display()
                  + ": it has no primary key and no unique index on NOT NULL columns, so there is"
                  + " no key to walk in batches without rescanning the table. Nothing was run."
                  + " Add a primary key (UniqueConstraint.primaryKey builds it without blocking"
                  + " writes) or a unique index on NOT NULL columns, then run again.");
        }
        String source = (rs.getBoolean(1) ? "primary key " : "unique index ") + rs.getString(2);
        return new BackfillKey(strings(rs.getArray(3)), strings(rs.getArray(4)), source);
      }
    }
  }

  static void requireTable(Connection connection, TableName table) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
      ps.setString(1, table.sql());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !List.of("r", "p").contains(rs.getString(1))) {
          throw new PgsafeException(
              "pgsafe found no table "
                  + table.display()
                  + " (search_path: "
                  + searchPath(connection)
                  + "); nothing was run. Check the name: it is case sensitive as given, and"
                  + " TableName.of(schema, name) names the schema.");
        }
      }
    }
  }

  private static String searchPath(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SHOW search_path");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
  }

  int size() {
    return columns.size();
  }

  /** {@code "a", "b"}. */
  String list() {
    List<String> quoted = new ArrayList<>();
    for (String c : columns) {
      quoted.add(Identifiers.quote(c));
    }
    return String.join(", ", quoted);
  }

  /** {@code "a" DESC, "b" DESC}. */
  String descending() {
    List<String> quoted = new ArrayList<>();
    for (String c : columns) {
      quoted.add(Identifiers.quote(c) + " DESC");
    }
    return String.join(", ", quoted);
  }

  /**
   * {@code "a"::text AS pgsafe_key_1, ...}: the key as text, the form the checkpoint keeps. The
   * aliases matter: {@code ORDER BY "a"} would otherwise sort the text output column.
   */
  String asText() {
    List<String> quoted = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      quoted.add(Identifiers.quote(columns.get(i)) + "::text AS pgsafe_key_" + (i + 1));
    }
    return String.join(", ", quoted);
  }

  /** {@code "id"} or the row {@code ("a", "b")}, for comparisons. */
  String row() {
    return size() == 1 ? list() : "(" + list() + ")";
  }

  /** {@code CAST(? AS bigint)} or {@code (CAST(? AS int), CAST(? AS text))}. */
  String parameters() {
    List<String> casts = new ArrayList<>();
    for (String type : types) {
      casts.add("CAST(? AS " + type + ")");
    }
    return size() == 1 ? casts.get(0) : "(" + String.join(", ", casts) + ")";
  }

  /** Sets the key values (as text) from parameter {@code first} on; returns the next index. */
  int bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setString(first + i, values.get(i));
    }
    return first + values.size();
  }

  /** Reads the key (as text) from columns {@code 1..size()}. */
  List<String> read(ResultSet rs) throws SQLException {
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= size(); i++) {
      values.add(rs.getString(i));
    }
    return values;
  }
}
