package io.github.pgsafe.runtime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session that blocked pgsafe: what {@code pg_stat_activity} said about it while pgsafe waited.
 *
 * @param pid the blocking backend
 * @param state {@code active}, {@code idle in transaction}, ...
 * @param transactionAge how long its transaction had been open
 * @param stateAge how long it had been in {@code state}
 * @param waitEvent what it was waiting for itself, as {@code type:event}
 * @param query its current or last query, cut to {@value #MAX_QUERY_CHARS} characters; empty when
 *     {@code blockerReport.includeQuery} is false
 */
public record Blocker(
    int pid,
    String state,
    Optional<Duration> transactionAge,
    Optional<Duration> stateAge,
    Optional<String> waitEvent,
    Optional<String> query) {

  /** Query text in reports is cut to this many characters. */
  public static final int MAX_QUERY_CHARS = 200;

  private static final String COLUMNS =
      "b.pid, coalesce(b.state, b.backend_type) AS state,"
          + " (extract(epoch FROM clock_timestamp() - b.xact_start) * 1000)::bigint AS xact_ms,"
          + " (extract(epoch FROM clock_timestamp() - b.state_change) * 1000)::bigint AS state_ms,"
          + " b.wait_event_type || ':' || b.wait_event AS wait_event,"
          + " left(b.query, "
          + MAX_QUERY_CHARS
          + ") AS query";

  /**
   * The sessions that block backend {@code pid} right now, from {@code pg_blocking_pids}: those
   * holding a conflicting lock and those ahead of it in the lock queue. {@code pg_blocking_pids}
   * takes the lock manager's locks briefly, so it is only called while {@code pid} is waiting on a
   * lock.
   */
  static List<Blocker> blocking(Connection monitor, int pid, boolean includeQuery)
      throws SQLException {
    String sql =
        "WITH me AS MATERIALIZED (SELECT pid FROM pg_stat_activity"
            + " WHERE pid = ? AND wait_event_type = 'Lock')"
            + " SELECT "
            + COLUMNS
            + " FROM me CROSS JOIN LATERAL unnest(pg_blocking_pids(me.pid)) AS bp(pid)"
            + " JOIN pg_stat_activity b ON b.pid = bp.pid ORDER BY b.xact_start NULLS LAST";
    try (PreparedStatement ps = monitor.prepareStatement(sql)) {
      ps.setInt(1, pid);
      return read(ps, includeQuery);
    }
  }

  /**
   * The sessions other than {@code pid} that hold a granted lock on any of {@code relations}
   * (quoted names). This is the report after the fact, when no monitoring connection observed the
   * wait: whoever blocked pgsafe and still holds its lock shows up here; a blocker that ended in
   * between does not.
   */
  public static List<Blocker> holding(
      Connection connection, List<String> relations, int pid, boolean includeQuery)
      throws SQLException {
    if (relations.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM pg_stat_activity b WHERE b.pid IN (SELECT l.pid FROM pg_locks l"
            + " WHERE l.granted AND l.locktype = 'relation' AND l.pid <> ?"
            + " AND l.pid <> pg_backend_pid()"
            + " AND l.relation IN (SELECT to_regclass(r) FROM unnest(?::text[]) AS r))"
            + " ORDER BY b.xact_start NULLS LAST";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      Array names = connection.createArrayOf("text", relations.toArray());
      ps.setInt(1, pid);
      ps.setArray(2, names);
      return read(ps, includeQuery);
    }
  }

  private static List<Blocker> read(PreparedStatement ps, boolean includeQuery)
      throws SQLException {
    List<Blocker> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Blocker(
                rs.getInt("pid"),
                Optional.ofNullable(rs.getString("state")).orElse("unknown"),
                millis(rs, "xact_ms"),
                millis(rs, "state_ms"),
                Optional.ofNullable(rs.getString("wait_event")),
                includeQuery ? Optional.ofNullable(rs.getString("query")) : Optional.empty()));
      }
    }
    return out;
  }

  private static Optional<Duration> millis(ResultSet rs, String column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  /**
   * One line: {@code pid 4242 (idle in transaction for 3.0s, transaction open 3.1s, query: SELECT
   * ...)}.
   */
  public String describe() {
    StringBuilder out = new StringBuilder("pid ").append(pid).append(" (").append(state);
    stateAge.ifPresent(a -> out.append(" for ").append(DurationText.human(a)));
    transactionAge.ifPresent(a -> out.append(", transaction open ").append(DurationText.human(a)));
    waitEvent
        .filter(w -> !w.startsWith("Client:"))
        .ifPresent(w -> out.append(", waiting on ").append(w));
    query.ifPresent(q -> out.append(", query: ").append(q.replaceAll("\\s+", " ").trim()));
    return out.append(')').toString();
  }

  public static String describe(List<Blocker> blockers) {
    if (blockers.isEmpty()) {
      return "no blocking session was seen (it ended before pgsafe could look)";
    }
    List<String> parts = new ArrayList<>();
    for (Blocker b : blockers) {
      parts.add(b.describe());
    }
    return "blocked by " + String.join("; ", parts);
  }
}
