package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What expand needs to know about the column it copies, checked before anything runs.
 *
 * @param schema the table's schema
 * @param type the column's type as format_type prints it
 * @param collation {@code COLLATE "x"} when the column has a non-default collation, else empty
 * @param defaultSql the column's DEFAULT expression, if any
 */
record ColumnFacts(String schema, String type, String collation, Optional<String> defaultSql) {
  private static final String SQL =
      "SELECT n.nspname, format_type(a.atttypid, a.atttypmod),"
          + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
          + " THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END,"
          + " pg_get_expr(d.adbin, d.adrelid), a.attgenerated <> '' OR a.attidentity <> '',"
          + " EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid"
          + "   AND k.contype = 'p' AND a.attnum = ANY (k.conkey)),"
          + " EXISTS (SELECT 1 FROM pg_constraint k WHERE k.contype = 'f'"
          + "   AND ((k.conrelid = c.oid AND a.attnum = ANY (k.conkey))"
          + "     OR (k.confrelid = c.oid AND a.attnum = ANY (k.confkey)))),"
          + " EXISTS (SELECT 1 FROM pg_attribute b WHERE b.attrelid = c.oid AND b.attname = ?"
          + "   AND NOT b.attisdropped)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " JOIN pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
          + " WHERE c.oid = to_regclass(?) AND a.attname = ?";

  static ColumnFacts of(Connection connection, TableName table, String column, String newColumn) {
    String where = table.display() + "." + Identifiers.quoteIfNeeded(column);
    try {
      BackfillKey.requireTable(connection, table);
      try (PreparedStatement ps = connection.prepareStatement(SQL)) {
        ps.setString(1, newColumn);
        ps.setString(2, table.sql());
        ps.setString(3, column);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw refused(where, "there is no such column (names are case sensitive as given)");
          }
          if (rs.getBoolean(5)) {
            throw refused(where, "it is a generated or identity column");
          }
          if (rs.getBoolean(6)) {
            throw refused(
                where, "it is part of the primary key, which expand/contract does not handle");
          }
          if (rs.getBoolean(7)) {
            throw refused(
                where,
                "it is part of a foreign key (referencing or referenced), which expand/contract"
                    + " does not handle");
          }
          if (rs.getBoolean(8)) {
            throw refused(
                where,
                "column "
                    + Identifiers.quoteIfNeeded(newColumn)
                    + " exists already; drop it or pick another name");
          }
          return new ColumnFacts(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              Optional.ofNullable(rs.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new PgsafeException(
          "pgsafe could not look up " + where + " in the catalog: " + e.getMessage(), e);
    }
  }

  private static PgsafeException refused(String where, String why) {
    return new PgsafeException("pgsafe cannot expand " + where + ": " + why + ". Nothing was run.");
  }
}
