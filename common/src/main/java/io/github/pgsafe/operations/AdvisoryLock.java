package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session advisory lock on one backfill's name, so two sessions never run the same backfill at
 * once. It ends with the session, also when the process is killed.
 */
final class AdvisoryLock {
  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);
  private static final String KEYS = "hashtext('pgsafe_backfill'), hashtext(?)";

  private final Connection connection;
  private final String name;

  private AdvisoryLock(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  static AdvisoryLock acquire(Connection connection, String name, TableName table)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT pg_try_advisory_lock(" + KEYS + ")")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new PgsafeException(
              "pgsafe cannot run backfill "
                  + name
                  + " of "
                  + table.display()
                  + ": another session ("
                  + holder(connection, name)
                  + ") is running it. Nothing was run. Wait for it to finish, or end that session;"
                  + " a new run then resumes from the last committed batch.");
        }
      }
    }
    return new AdvisoryLock(connection, name);
  }

  private static String holder(Connection connection, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT string_agg('pid ' || pid, ', ') FROM pg_locks WHERE locktype = 'advisory'"
                + " AND granted AND classid::int = hashtext('pgsafe_backfill')"
                + " AND objid::int = hashtext(?) AND objsubid = 2")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String pids = rs.getString(1);
        return pids == null ? "it just ended" : pids;
      }
    }
  }

  /** Releases the lock; a broken connection has lost it already. */
  void release() {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT pg_advisory_unlock(" + KEYS + ")")) {
      ps.setString(1, name);
      ps.execute();
    } catch (SQLException e) {
      LOG.debug("pgsafe could not release the advisory lock of backfill {}", name, e);
    }
  }
}
