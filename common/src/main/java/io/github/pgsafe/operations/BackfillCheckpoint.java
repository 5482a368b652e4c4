package io.github.pgsafe.operations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The row of {@code pgsafe_backfill} that records one backfill. It is written in the same
 * transaction as each batch, so after a crash it names exactly the last committed batch. The table
 * lives in the connection's current schema (the first of search_path), like Flyway's history table:
 *
 * <pre>
 * CREATE TABLE pgsafe_backfill (
 *   name          text PRIMARY KEY,        -- BatchedBackfill.named(...), or derived
 *   table_name    text NOT NULL,           -- "public"."orders", as pgsafe quoted it
 *   definition    text NOT NULL,           -- SET ... WHERE ...: a resume must be the same backfill
 *   key_columns   text[] NOT NULL,         -- the key walked, in order
 *   last_key      text[],                  -- key of the last row of the last committed batch
 *   upper_key     text[],                  -- max key when the backfill started; NULL: table empty
 *   rows_done     bigint NOT NULL,         -- rows updated
 *   rows_scanned  bigint NOT NULL,         -- keys walked
 *   batches       bigint NOT NULL,
 *   status        text NOT NULL,           -- running | done
 *   started_at    timestamptz NOT NULL, updated_at timestamptz NOT NULL, finished_at timestamptz)
 * </pre>
 */
final class BackfillCheckpoint {
  static final String TABLE = "pgsafe_backfill";
  static final String RUNNING = "running";
  static final String DONE = "done";

  static final String CREATE_SQL =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (name text PRIMARY KEY, table_name text NOT NULL, definition text NOT NULL,"
          + " key_columns text[] NOT NULL, last_key text[], upper_key text[],"
          + " rows_done bigint NOT NULL DEFAULT 0, rows_scanned bigint NOT NULL DEFAULT 0,"
          + " batches bigint NOT NULL DEFAULT 0,"
          + " status text NOT NULL CHECK (status IN ('running', 'done')),"
          + " started_at timestamptz NOT NULL DEFAULT now(),"
          + " updated_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz)";

  /** One backfill as recorded. */
  record State(
      String tableName,
      String definition,
      List<String> keyColumns,
      Optional<List<String>> lastKey,
      Optional<List<String>> upperKey,
      long rowsDone,
      long rowsScanned,
      long batches,
      String status) {}

  private BackfillCheckpoint() {}

  static Void create(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(CREATE_SQL);
    }
    return null;
  }

  static Optional<State> read(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT table_name, definition, key_columns, last_key, upper_key, rows_done,"
                + " rows_scanned, batches, status FROM "
                + TABLE
                + " WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new State(
                rs.getString(1),
                rs.getString(2),
                strings(rs.getArray(3)).orElseThrow(),
                strings(rs.getArray(4)),
                strings(rs.getArray(5)),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getString(9)));
      }
    }
  }

  static void start(
      Connection c,
      String name,
      String tableName,
      String definition,
      List<String> keyColumns,
      Optional<List<String>> upperKey)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + TABLE
                + " (name, table_name, definition, key_columns, upper_key, status, finished_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)")) {
      ps.setString(1, name);
      ps.setString(2, tableName);
      ps.setString(3, definition);
      ps.setArray(4, array(c, keyColumns));
      ps.setArray(5, upperKey.isPresent() ? array(c, upperKey.get()) : null);
      ps.setString(6, upperKey.isPresent() ? RUNNING : DONE);
      ps.setBoolean(7, upperKey.isEmpty());
      ps.executeUpdate();
    }
  }

  /** Prepares the per-batch update: {@link #advance} binds it. */
  static PreparedStatement prepareAdvance(Connection c) throws SQLException {
    return c.prepareStatement(
        "UPDATE "
            + TABLE
            + " SET last_key = ?, rows_done = rows_done + ?, rows_scanned = rows_scanned + ?,"
            + " batches = batches + 1, updated_at = now(),"
            + " status = CASE WHEN ? THEN 'done' ELSE status END,"
            + " finished_at = CASE WHEN ? THEN now() END"
            + " WHERE name = ? AND last_key IS NOT DISTINCT FROM CAST(? AS text[])");
  }

  /**
   * Moves the cursor from {@code expectedLast} to {@code next}; false if the row is not at {@code
   * expectedLast} any more (another session moved it), and the caller must roll back.
   */
  static boolean advance(
      PreparedStatement ps,
      String name,
      Optional<List<String>> expectedLast,
      List<String> next,
      long updated,
      long scanned,
      boolean done)
      throws SQLException {
    Connection c = ps.getConnection();
    ps.setArray(1, array(c, next));
    ps.setLong(2, updated);
    ps.setLong(3, scanned);
    ps.setBoolean(4, done);
    ps.setBoolean(5, done);
    ps.setString(6, name);
    ps.setArray(7, expectedLast.isPresent() ? array(c, expectedLast.get()) : null);
    return ps.executeUpdate() == 1;
  }

  /** Marks the backfill done when the last batch found no more keys. */
  static boolean finish(Connection c, String name, Optional<List<String>> expectedLast)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + TABLE
                + " SET status = 'done', updated_at = now(), finished_at = now()"
                + " WHERE name = ? AND last_key IS NOT DISTINCT FROM CAST(? AS text[])")) {
      ps.setString(1, name);
      ps.setArray(2, expectedLast.isPresent() ? array(c, expectedLast.get()) : null);
      return ps.executeUpdate() == 1;
    }
  }

  /** Forgets a backfill (ExpandContract.abort): a later expand starts from scratch. */
  static void delete(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE name = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static Array array(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  private static Optional<List<String>> strings(Array array) throws SQLException {
    return array == null
        ? Optional.empty()
        : Optional.of(Arrays.asList((String[]) array.getArray()));
  }
}
