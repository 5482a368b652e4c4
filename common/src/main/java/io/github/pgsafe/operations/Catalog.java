package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog facts the operations check before and after they act. Names go in as parameters. */
final class Catalog {
  private final Connection connection;

  Catalog(Connection connection) {
    this.connection = connection;
  }

  /** An index as the catalog has it. */
  record Index(long oid, String schema, String name, boolean valid, String definition) {}

  /** A constraint as the catalog has it; {@code type} is pg_constraint.contype. */
  record Constraint(String type, boolean validated, String definition) {}

  /** The index {@code name} in the schema of {@code table}. */
  Optional<Index> index(TableName table, String name) {
    return indexes(
            "c.relname = ? AND c.relnamespace = (SELECT relnamespace FROM pg_class"
                + " WHERE oid = to_regclass(?))",
            name,
            table.sql())
        .stream()
        .findFirst();
  }

  /** An index by its (possibly qualified, quoted) name. */
  Optional<Index> index(String quotedName) {
    return indexes("c.oid = to_regclass(?)", quotedName).stream().findFirst();
  }

  /** INVALID indexes on the table of index {@code quotedName} whose names start with a prefix. */
  List<Index> invalidIndexesLike(String quotedName, String prefix) {
    return indexes(
            "NOT i.indisvalid AND starts_with(c.relname, ?) AND i.indrelid = (SELECT indrelid"
                + " FROM pg_index WHERE indexrelid = to_regclass(?))",
            prefix,
            quotedName)
        .stream()
        .toList();
  }

  private List<Index> indexes(String where, String... params) {
    String sql =
        "SELECT c.oid, n.nspname, c.relname, i.indisvalid, pg_get_indexdef(c.oid)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_index i ON i.indexrelid = c.oid WHERE "
            + where;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<Index> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Index(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getBoolean(4),
                  rs.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("look up index", e);
    }
  }

  /**
   * What makes two indexes the same, in the server's own words: uniqueness, access method, key and
   * INCLUDE columns or expressions, predicate, operator classes, collations and options.
   */
  String fingerprint(long indexOid) {
    String sql =
        "SELECT concat_ws(' | ', i.indisunique, am.amname, i.indnkeyatts,"
            + " (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ', ' ORDER BY k)"
            + " FROM generate_series(1, i.indnatts) k),"
            + " pg_get_expr(i.indpred, i.indrelid, true), i.indoption::text, i.indclass::text,"
            + " i.indcollation::text)"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            + " JOIN pg_am am ON am.oid = c.relam WHERE i.indexrelid = ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, indexOid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw failed("read index definition", e);
    }
  }

  /** Backends building the index right now (pg_stat_progress_create_index). */
  List<Integer> buildersOf(long indexOid) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT pid FROM pg_stat_progress_create_index WHERE index_relid = ?")) {
      ps.setLong(1, indexOid);
      List<Integer> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failed("read pg_stat_progress_create_index", e);
    }
  }

  Optional<Constraint> constraint(TableName table, String name) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT contype::text, convalidated, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = to_regclass(?) AND conname = ?")) {
      ps.setString(1, table.sql());
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Constraint(rs.getString(1), rs.getBoolean(2), rs.getString(3)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("look up constraint", e);
    }
  }

  /** Whether constraint {@code name} is exactly {@code CHECK ((column IS NOT NULL))}. */
  boolean isNotNullCheck(TableName table, String name, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT contype = 'c' AND pg_get_expr(conbin, conrelid) = format('(%I IS NOT NULL)',"
                + " ?::text) FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?")) {
      ps.setString(1, column);
      ps.setString(2, table.sql());
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw failed("look up constraint", e);
    }
  }

  /** Whether the column is NOT NULL; fails if the table or column does not exist. */
  boolean isNotNull(TableName table, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT attnotnull FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?"
                + " AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, table.sql());
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PgsafeException(
              "pgsafe found no column "
                  + column
                  + " in table "
                  + table.display()
                  + "; nothing was changed. Check the table and column names (they are case"
                  + " sensitive as given).");
        }
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw failed("look up column", e);
    }
  }

  int serverMajorVersion() {
    try {
      return connection.getMetaData().getDatabaseMajorVersion();
    } catch (SQLException e) {
      throw failed("read the server version", e);
    }
  }

  int backendPid() {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw failed("read the backend pid", e);
    }
  }

  /**
   * Fails unless the connection is in auto-commit mode. A BEGIN sent by hand in auto-commit mode is
   * not seen here; the server then refuses the statement itself (SQLState 25001).
   */
  void requireNoTransaction(String what) {
    boolean inTransaction;
    try {
      inTransaction = !connection.getAutoCommit();
    } catch (SQLException e) {
      throw failed("check the transaction state", e);
    }
    if (inTransaction) {
      throw new PgsafeException(
          "pgsafe cannot run "
              + what
              + ": it must run outside a transaction block, and the connection is inside one."
              + " Nothing was run. Flyway: put it alone in a migration and set"
              + " flyway.postgresql.transactional.lock=false with executeInTransaction=false for"
              + " it; Liquibase: runInTransaction=\"false\" on the changeset; JDBC: call it with"
              + " auto-commit on.");
    }
  }

  private static PgsafeException failed(String what, SQLException e) {
    return new PgsafeException(
        "pgsafe could not "
            + what
            + " in the catalog: "
            + e.getMessage()
            + "; nothing was changed.",
        e);
  }
}
