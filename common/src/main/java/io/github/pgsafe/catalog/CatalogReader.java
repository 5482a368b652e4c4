package io.github.pgsafe.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@link CatalogFacts} from a live database in four queries. */
public final class CatalogReader {
  private static final String USER_TABLES =
      "c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

  private static final String TABLES =
      "SELECT c.oid, n.nspname, c.relname, c.relkind = 'p', c.reltuples::bigint,"
          + " pg_total_relation_size(c.oid)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
          + USER_TABLES;
  private static final String COLUMNS =
      "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull"
          + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped AND "
          + USER_TABLES
          + " ORDER BY a.attrelid, a.attnum";
  private static final String INDEXES =
      "SELECT i.indrelid, ic.relname, i.indisvalid, i.indisunique, pg_get_indexdef(i.indexrelid)"
          + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
          + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE "
          + USER_TABLES;
  private static final String CONSTRAINTS =
      "SELECT k.conrelid, k.conname, k.contype, k.convalidated, pg_get_constraintdef(k.oid)"
          + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
          + USER_TABLES;

  private CatalogReader() {}

  public static CatalogFacts read(Connection connection) throws SQLException {
    int versionNum;
    List<String> searchPath = new ArrayList<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT current_setting('server_version_num')::int,"
                    + " current_schemas(false)::text[]");
        ResultSet rs = query.executeQuery()) {
      rs.next();
      versionNum = rs.getInt(1);
      for (Object schema : (Object[]) rs.getArray(2).getArray()) {
        searchPath.add((String) schema);
      }
    }
    Map<Long, TableBuilder> tables = new HashMap<>();
    forEachRow(
        connection,
        TABLES,
        rs ->
            tables.put(
                rs.getLong(1),
                new TableBuilder(
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBoolean(4),
                    rs.getLong(5),
                    rs.getLong(6))));
    forEachRow(
        connection,
        COLUMNS,
        rs ->
            tables
                .get(rs.getLong(1))
                .columns
                .add(new ColumnFacts(rs.getString(2), rs.getString(3), rs.getBoolean(4))));
    forEachRow(
        connection,
        INDEXES,
        rs ->
            tables
                .get(rs.getLong(1))
                .indexes
                .add(
                    new IndexFacts(
                        rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5))));
    forEachRow(
        connection,
        CONSTRAINTS,
        rs ->
            tables
                .get(rs.getLong(1))
                .constraints
                .add(
                    new ConstraintFacts(
                        rs.getString(2),
                        rs.getString(3).charAt(0),
                        rs.getBoolean(4),
                        rs.getString(5))));
    return new CatalogFacts(
        versionNum, searchPath, tables.values().stream().map(TableBuilder::build).toList());
  }

  private interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  private static void forEachRow(Connection connection, String sql, RowConsumer consumer)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    }
  }

  private static final class TableBuilder {
    private final String schema;
    private final String name;
    private final boolean partitioned;
    private final long rowEstimate;
    private final long totalBytes;
    private final List<ColumnFacts> columns = new ArrayList<>();
    private final List<IndexFacts> indexes = new ArrayList<>();
    private final List<ConstraintFacts> constraints = new ArrayList<>();

    TableBuilder(
        String schema, String name, boolean partitioned, long rowEstimate, long totalBytes) {
      this.schema = schema;
      this.name = name;
      this.partitioned = partitioned;
      this.rowEstimate = rowEstimate;
      this.totalBytes = totalBytes;
    }

    TableFacts build() {
      return new TableFacts(
          schema, name, partitioned, rowEstimate, totalBytes, columns, indexes, constraints);
    }
  }
}
