package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link LockMode#conflictsWith} for all 64 pairs against a live server: session A holds
 * mode 1, session B asks for mode 2 with NOWAIT, and SQLSTATE 55P03 (lock_not_available) means they
 * conflict.
 */
@Tag("compat")
class LockModeConflictIT {
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private static ScratchDatabases databases;
  private static String database;

  @BeforeAll
  static void createTable() throws SQLException {
    databases = new ScratchDatabases("conflict");
    database = databases.create(null);
    try (Connection c = databases.connect(database);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
    }
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    databases.close();
  }

  @Test
  void everyPairConflictsOnTheServerExactlyAsTheMatrixSays() throws SQLException {
    List<String> mismatches = new ArrayList<>();
    try (Connection a = databases.connect(database);
        Connection b = databases.connect(database)) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      for (LockMode held : LockMode.values()) {
        for (LockMode asked : LockMode.values()) {
          boolean serverConflict = conflictOnServer(a, b, held, asked);
          if (serverConflict != held.conflictsWith(asked)) {
            mismatches.add(
                held.sqlName()
                    + " held, "
                    + asked.sqlName()
                    + " asked: server says "
                    + (serverConflict ? "conflict" : "no conflict")
                    + ", LockMode says the opposite");
          }
        }
      }
    }
    assertThat(mismatches).as("pairs where LockMode disagrees with the server").isEmpty();
  }

  private static boolean conflictOnServer(Connection a, Connection b, LockMode held, LockMode asked)
      throws SQLException {
    try (Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      sa.execute("LOCK TABLE t IN " + held.sqlName() + " MODE");
      try {
        sb.execute("LOCK TABLE t IN " + asked.sqlName() + " MODE NOWAIT");
        return false;
      } catch (SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          return true;
        }
        throw e;
      } finally {
        b.rollback();
        a.rollback();
      }
    }
  }
}
