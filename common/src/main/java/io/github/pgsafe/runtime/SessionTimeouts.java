package io.github.pgsafe.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts lock_timeout and statement_timeout (and transaction_timeout on PostgreSQL 17+, when set) on
 * a connection for one unit of work.
 *
 * <p>Inside a transaction (auto-commit off) they are set with {@code set_config(..., true)}, the
 * function form of {@code SET LOCAL}, and end with the transaction, whether it commits or rolls
 * back. In auto-commit mode they are set for the session, and {@link Scope#close()} puts back the
 * values that were there before, also after an error.
 */
public final class SessionTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTimeouts.class);
  private static final int TRANSACTION_TIMEOUT_SINCE = 17;

  private SessionTimeouts() {}

  /**
   * The timeouts of one unit of work.
   *
   * @param lockTimeout lock_timeout
   * @param statementTimeout statement_timeout
   * @param transactionTimeout transaction_timeout, only on PostgreSQL 17+; empty leaves it alone
   */
  public record Timeouts(
      Duration lockTimeout, Duration statementTimeout, Optional<Duration> transactionTimeout) {}

  /** Restores what {@link #apply} changed; a no-op inside a transaction. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  /** Applies {@code timeouts} to {@code connection}; close the scope when the unit is done. */
  public static Scope apply(Connection connection, Timeouts timeouts) throws SQLException {
    boolean local = !connection.getAutoCommit();
    boolean transactionTimeout =
        timeouts.transactionTimeout().isPresent() && supportsTransactionTimeout(connection);
    if (local) {
      set(connection, timeouts, transactionTimeout, true);
      return () -> {};
    }
    String[] previous = read(connection, transactionTimeout);
    set(connection, timeouts, transactionTimeout, false);
    return () -> restore(connection, previous);
  }

  private static boolean supportsTransactionTimeout(Connection connection) throws SQLException {
    int major = connection.getMetaData().getDatabaseMajorVersion();
    if (major < TRANSACTION_TIMEOUT_SINCE) {
      LOG.debug(
          "transactionTimeout is set but PostgreSQL {} has no transaction_timeout (17+); not set",
          major);
      return false;
    }
    return true;
  }

  private static String[] read(Connection connection, boolean transactionTimeout)
      throws SQLException {
    String sql =
        "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
            + (transactionTimeout ? ", current_setting('transaction_timeout')" : "");
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return transactionTimeout
          ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}
          : new String[] {rs.getString(1), rs.getString(2)};
    }
  }

  private static void set(
      Connection connection, Timeouts timeouts, boolean transactionTimeout, boolean local)
      throws SQLException {
    String sql =
        "SELECT set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)"
            + (transactionTimeout ? ", set_config('transaction_timeout', ?, ?)" : "");
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, DurationText.postgres(timeouts.lockTimeout()));
      ps.setBoolean(2, local);
      ps.setString(3, DurationText.postgres(timeouts.statementTimeout()));
      ps.setBoolean(4, local);
      if (transactionTimeout) {
        ps.setString(5, DurationText.postgres(timeouts.transactionTimeout().orElseThrow()));
        ps.setBoolean(6, local);
      }
      ps.execute();
    }
  }

  private static void restore(Connection connection, String[] previous) throws SQLException {
    if (connection.isClosed()) {
      return;
    }
    String sql =
        "SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?, false)"
            + (previous.length == 3 ? ", set_config('transaction_timeout', ?, false)" : "");
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < previous.length; i++) {
        ps.setString(i + 1, previous[i]);
      }
      ps.execute();
    }
  }
}
