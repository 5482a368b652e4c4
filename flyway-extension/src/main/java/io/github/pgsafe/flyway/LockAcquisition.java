package io.github.pgsafe.flyway;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.RelationLock;
import io.github.pgsafe.runtime.AttemptSchedule;
import io.github.pgsafe.runtime.Blocker;
import io.github.pgsafe.runtime.ConnectionSource;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the table locks a transactional statement needs before Flyway runs it, so that a lock
 * timeout can be retried without losing the transaction: {@code SAVEPOINT}, {@code LOCK TABLE ...}
 * with lock_timeout, and on SQLState 55P03 {@code ROLLBACK TO SAVEPOINT}, a pause with backoff and
 * another attempt, on the schedule of the runtime ({@code retry.*}).
 *
 * <p>Retrying is only allowed while the transaction holds no lock that application queries wait for
 * (SHARE or stronger on an existing table): otherwise every pause would make them wait on the held
 * lock. Then one attempt is made, and its lock timeout fails the migration, which Flyway rolls back
 * whole.
 */
final class LockAcquisition {
  private static final Logger LOG = LoggerFactory.getLogger(LockAcquisition.class);
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String SAVEPOINT = "pgsafe_lock";

  private LockAcquisition() {}

  /**
   * Takes the locks of {@code operation} on tables that exist.
   *
   * @return whether a lock was taken that application reads or writes wait for
   */
  static boolean acquire(
      Connection connection,
      Operation operation,
      boolean mayRetry,
      PgsafeSettings settings,
      Optional<ConnectionSource> monitors,
      Supplier<String> statement,
      Set<String> ownedRelations)
      throws SQLException {
    Map<String, LockMode> locks = lockableLocks(connection, operation, ownedRelations);
    if (locks.isEmpty()) {
      return false;
    }
    AttemptSchedule schedule =
        new AttemptSchedule(settings, () -> ThreadLocalRandom.current().nextDouble());
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Duration lockTimeout = schedule.lockTimeout(attempt);
      try {
        // One round trip: the server stops at the first error, and the savepoint is already set.
        execute(connection, lockSql(locks, lockTimeout, settings.lockTimeout()));
        if (attempt > 1) {
          LOG.info(
              "pgsafe: {} got its locks on attempt {} after {} ms",
              statement.get(),
              attempt,
              Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        return locks.values().stream().anyMatch(LockAcquisition::blocksApplication);
      } catch (SQLException e) {
        execute(connection, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
        List<Blocker> blockers = blockers(connection, locks, settings);
        Duration delay = schedule.delay(attempt);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!mayRetry) {
          throw new PgsafeException(
              String.format(
                  Locale.ROOT,
                  "pgsafe: %s could not get its locks (%s) within lock_timeout %d ms; %s. It was"
                      + " not retried because the transaction already holds a lock that"
                      + " application queries wait for, and waiting longer would make them wait"
                      + " too. The migration is rolled back; run migrate again when the blocker"
                      + " ends, or put this statement first in its own migration.",
                  statement.get(),
                  describe(locks),
                  lockTimeout.toMillis(),
                  Blocker.describe(blockers)),
              e);
        }
        if (!schedule.mayRetry(attempt, elapsed, delay)) {
          throw new PgsafeException(
              String.format(
                  Locale.ROOT,
                  "pgsafe gave up on %s after %d attempts in %d ms (retry.maxAttempts=%d,"
                      + " retry.maxTotalTime=%d ms); %s. The migration is rolled back; run"
                      + " migrate again when the blocker ends, or raise retry.maxTotalTime and"
                      + " retry.maxAttempts.",
                  statement.get(),
                  attempt,
                  elapsed.toMillis(),
                  settings.retryMaxAttempts(),
                  settings.retryMaxTotalTime().toMillis(),
                  Blocker.describe(blockers)),
              e);
        }
        LOG.warn(
            "pgsafe: attempt {} of {} at {} hit lock_timeout {} ms taking {}; nothing held"
                + " meanwhile. {}. Next attempt in {} ms.",
            attempt,
            settings.retryMaxAttempts(),
            statement.get(),
            lockTimeout.toMillis(),
            describe(locks),
            capitalized(Blocker.describe(blockers)),
            delay.toMillis());
        sleep(delay);
      }
    }
  }

  /**
   * {@code SAVEPOINT; SET LOCAL lock_timeout; LOCK TABLE ...; SET LOCAL lock_timeout; RELEASE} as
   * one script. The timeouts are whole milliseconds, so the literals are safe.
   */
  static String lockSql(Map<String, LockMode> locks, Duration attemptTimeout, Duration timeout) {
    StringBuilder sql = new StringBuilder("SAVEPOINT " + SAVEPOINT + ";\n");
    sql.append("SET LOCAL lock_timeout = '").append(attemptTimeout.toMillis()).append("ms';\n");
    for (Map.Entry<String, LockMode> lock : locks.entrySet()) {
      sql.append("LOCK TABLE ONLY ")
          .append(lock.getKey())
          .append(" IN ")
          .append(lock.getValue().sqlName())
          .append(" MODE;\n");
    }
    sql.append("SET LOCAL lock_timeout = '").append(timeout.toMillis()).append("ms';\n");
    sql.append("RELEASE SAVEPOINT " + SAVEPOINT);
    return sql.toString();
  }

  /**
   * Locks on relations that exist, keyed by quoted name; the strongest mode per relation. Relations
   * in {@code ownedRelations} were created in this transaction, which already holds every lock on
   * them and which nobody else can see: they are left out without a catalog lookup.
   */
  private static Map<String, LockMode> lockableLocks(
      Connection connection, Operation operation, Set<String> ownedRelations) throws SQLException {
    Map<String, LockMode> locks = new LinkedHashMap<>();
    for (RelationLock lock : operation.locks()) {
      if (lock.scope() != RelationLock.Scope.RELATION
          || lock.relation().name().equals(RelationLock.ANY_RELATION.name())
          || lock.mode() == LockMode.ACCESS_SHARE) {
        continue;
      }
      String quoted =
          Identifiers.quoteQualified(lock.relation().schema().orElse(null), lock.relation().name());
      if (ownedRelations.contains(quoted) || !isLockableTable(connection, quoted)) {
        continue;
      }
      locks.merge(quoted, lock.mode(), LockMode::max);
    }
    return locks;
  }

  private static boolean isLockableTable(Connection connection, String quoted) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT c.relkind::text FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, quoted);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && "rpvf".contains(rs.getString(1));
      }
    }
  }

  private static boolean blocksApplication(LockMode mode) {
    return mode.conflictsWith(LockMode.ROW_EXCLUSIVE) || mode.conflictsWith(LockMode.ACCESS_SHARE);
  }

  private static List<Blocker> blockers(
      Connection connection, Map<String, LockMode> locks, PgsafeSettings settings) {
    try {
      int pid;
      try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        pid = rs.getInt(1);
      }
      return Blocker.holding(
          connection, new ArrayList<>(locks.keySet()), pid, settings.blockerReportIncludeQuery());
    } catch (SQLException e) {
      return List.of();
    }
  }

  private static String describe(Map<String, LockMode> locks) {
    List<String> parts = new ArrayList<>();
    locks.forEach((table, mode) -> parts.add(mode.sqlName() + " on " + table));
    return String.join(", ", parts);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (java.sql.Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgsafeException("pgsafe was interrupted while waiting to retry a lock", e);
    }
  }
}
