package io.github.pgsafe.runtime;

import io.github.pgsafe.PgsafeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Unit} with lock_timeout and statement_timeout, and runs it again when it could not
 * get its lock in time.
 *
 * <p>Retried: SQLState 55P03 (lock_not_available, lock_timeout expired), 40P01 (deadlock_detected,
 * the unit was the victim; only with {@code retry.onDeadlock}), and 57014 (query_canceled) when
 * pgsafe's own watchdog cancelled the statement. Anything else fails at once. A transactional unit
 * is rolled back before it runs again, so no attempt is ever half-applied; an auto-commit unit runs
 * again from its start.
 *
 * <p>Each attempt waits at most the lock_timeout of {@link AttemptSchedule}; between attempts
 * pgsafe pauses with exponential backoff and jitter. It gives up after {@code retry.maxAttempts}
 * attempts, or when the next attempt would end after {@code retry.maxTotalTime}, with a {@link
 * LockRetriesExhaustedException} that names the blockers.
 *
 * <p>Blockers are observed live from a monitoring connection ({@link Monitor}). Without one, or
 * when an attempt failed before the monitor's first sample, pgsafe lists the sessions that still
 * hold locks on the unit's relations right after the rollback; a blocker that ended in between is
 * then missed.
 */
public final class LockRetry {
  private static final Logger LOG = LoggerFactory.getLogger(LockRetry.class);

  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String DEADLOCK_DETECTED = "40P01";
  private static final String QUERY_CANCELED = "57014";

  private final PgsafeSettings settings;
  private final Optional<ConnectionSource> monitorConnections;

  private LockRetry(PgsafeSettings settings, Optional<ConnectionSource> monitorConnections) {
    this.settings = settings;
    this.monitorConnections = monitorConnections;
  }

  /**
   * Lock retries with a monitoring connection per unit, from {@code monitorConnections}: live
   * blocker reports, and the watchdog for units that take strong locks.
   */
  public static LockRetry create(PgsafeSettings settings, ConnectionSource monitorConnections) {
    return new LockRetry(settings, Optional.of(monitorConnections));
  }

  /** Lock retries with no second connection: no watchdog, blockers looked up after the fact. */
  public static LockRetry withoutMonitor(PgsafeSettings settings) {
    return new LockRetry(settings, Optional.empty());
  }

  public PgsafeSettings settings() {
    return settings;
  }

  /** Where side connections come from (progress sampling uses them too). */
  public Optional<ConnectionSource> monitorConnections() {
    return monitorConnections;
  }

  /**
   * Runs {@code unit} on {@code connection}, which must be in auto-commit mode: pgsafe begins and
   * ends the transactions of transactional units itself, and a transaction that is already open
   * cannot be retried whole.
   *
   * @throws LockRetriesExhaustedException when every attempt hit a lock timeout (or the watchdog)
   * @throws PgsafeException when the unit failed otherwise; its transaction was rolled back
   */
  public <T> T run(Connection connection, Unit<T> unit) {
    try {
      if (!connection.getAutoCommit()) {
        throw new PgsafeException(
            "pgsafe cannot run "
                + unit.description()
                + ": the connection is inside a transaction (auto-commit is off), so a lock"
                + " timeout could not be retried without retrying statements pgsafe did not run."
                + " Nothing was run. Commit or roll back first, or run the migration without a"
                + " surrounding transaction.");
      }
      int pid = backendPid(connection);
      try (Monitor monitor = Monitor.start(monitorConnections, pid, settings)) {
        return attempts(connection, unit, pid, monitor);
      }
    } catch (SQLException e) {
      throw new PgsafeException(
          "pgsafe could not prepare " + unit.description() + ": " + e.getMessage(), e);
    }
  }

  private <T> T attempts(Connection connection, Unit<T> unit, int pid, Monitor monitor) {
    AttemptSchedule schedule =
        new AttemptSchedule(settings, () -> ThreadLocalRandom.current().nextDouble());
    long start = System.nanoTime();
    List<Blocker> lastBlockers = List.of();
    for (int attempt = 1; ; attempt++) {
      Duration lockTimeout = schedule.lockTimeout(attempt);
      monitor.beginAttempt(unit.watchdog() && settings.watchdogEnabled());
      SQLException failure;
      try {
        T result = once(connection, unit, lockTimeout);
        monitor.endAttempt();
        if (attempt > 1) {
          LOG.info(
              "pgsafe: {} succeeded on attempt {} after {}",
              unit.description(),
              attempt,
              DurationText.human(since(start)));
        }
        return result;
      } catch (SQLException e) {
        monitor.endAttempt();
        failure = e;
      } catch (RuntimeException e) {
        monitor.endAttempt();
        throw e;
      }
      Optional<String> reason = retryable(failure, lockTimeout, monitor);
      if (reason.isEmpty()) {
        throw new PgsafeException(
            String.format(
                Locale.ROOT,
                "pgsafe: %s failed on attempt %d: %s [SQLState %s]. %s",
                unit.description(),
                attempt,
                failure.getMessage(),
                failure.getSQLState(),
                unit.transactional()
                    ? "Its transaction was rolled back; nothing of it was applied."
                    : "The failing statement was rolled back."),
            failure);
      }
      List<Blocker> blockers =
          monitor.cancellation().isPresent()
              ? monitor.blockers()
              : blockers(connection, unit, pid, monitor);
      if (!blockers.isEmpty()) {
        lastBlockers = blockers;
      }
      Duration delay = schedule.delay(attempt);
      Duration elapsed = since(start);
      if (!schedule.mayRetry(attempt, elapsed, delay)) {
        throw exhausted(unit, attempt, elapsed, lastBlockers, failure, reason.get());
      }
      LOG.warn(
          "pgsafe: attempt {} of {} at {} {}; {}. {}. Next attempt in {}.",
          attempt,
          settings.retryMaxAttempts(),
          unit.description(),
          reason.get(),
          unit.transactional() ? "rolled back, nothing applied" : "the statement was rolled back",
          capitalized(Blocker.describe(blockers)),
          DurationText.human(delay));
      sleep(delay, unit);
    }
  }

  private <T> T once(Connection connection, Unit<T> unit, Duration lockTimeout)
      throws SQLException {
    SessionTimeouts.Timeouts timeouts =
        new SessionTimeouts.Timeouts(
            lockTimeout,
            unit.longStatementTimeout()
                ? settings.longStatementTimeout()
                : settings.statementTimeout(),
            settings.transactionTimeout());
    if (!unit.transactional()) {
      SessionTimeouts.Scope scope = SessionTimeouts.apply(connection, timeouts);
      try {
        return unit.work().run(connection);
      } finally {
        restore(scope);
      }
    }
    connection.setAutoCommit(false);
    try {
      SessionTimeouts.apply(connection, timeouts);
      T result = unit.work().run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollback(connection, e);
      throw e;
    } finally {
      if (!connection.isClosed()) {
        connection.setAutoCommit(true);
      }
    }
  }

  private Optional<String> retryable(SQLException failure, Duration lockTimeout, Monitor monitor) {
    String state = failure.getSQLState();
    if (LOCK_NOT_AVAILABLE.equals(state)) {
      return Optional.of("hit lock_timeout " + DurationText.format(lockTimeout));
    }
    if (DEADLOCK_DETECTED.equals(state) && settings.retryOnDeadlock()) {
      return Optional.of("was chosen as a deadlock victim");
    }
    if (QUERY_CANCELED.equals(state) && monitor.cancellation().isPresent()) {
      return Optional.of("was cancelled: " + monitor.cancellation().get().describe());
    }
    return Optional.empty();
  }

  private List<Blocker> blockers(Connection connection, Unit<?> unit, int pid, Monitor monitor) {
    List<Blocker> seen = monitor.blockers();
    if (!seen.isEmpty()) {
      return seen;
    }
    try {
      return monitor.watchesLive()
          ? monitor.holders(unit.relations())
          : Blocker.holding(
              connection, unit.relations(), pid, settings.blockerReportIncludeQuery());
    } catch (SQLException e) {
      LOG.debug("pgsafe could not look up the blockers of {}", unit.description(), e);
      return List.of();
    }
  }

  private LockRetriesExhaustedException exhausted(
      Unit<?> unit,
      int attempts,
      Duration elapsed,
      List<Blocker> blockers,
      SQLException last,
      String lastReason) {
    String lockTimeouts =
        settings.retrySchedule() == RetrySchedule.DEFAULT
            ? "lock_timeout " + DurationText.format(settings.lockTimeout()) + " each"
            : "lock_timeout "
                + DurationText.format(settings.lockTimeout())
                + " rising to at most "
                + DurationText.format(settings.retryMaxLockTimeout());
    String pids =
        blockers.isEmpty()
            ? "the blocking sessions end"
            : "pid "
                + String.join(
                    ", pid ", blockers.stream().map(b -> String.valueOf(b.pid())).toList())
                + " ends";
    String message =
        String.format(
            Locale.ROOT,
            "pgsafe gave up on %s after %d attempts in %s (%s; retry.maxAttempts=%d,"
                + " retry.maxTotalTime=%s); the last one %s. %s. %s Run again when %s, or raise"
                + " retry.maxTotalTime and retry.maxAttempts.",
            unit.description(),
            attempts,
            DurationText.human(elapsed),
            lockTimeouts,
            settings.retryMaxAttempts(),
            DurationText.format(settings.retryMaxTotalTime()),
            lastReason,
            capitalized(Blocker.describe(blockers)),
            unit.transactional()
                ? "Every attempt was rolled back; nothing of this step was applied."
                : "The statement that timed out was rolled back each time; it was not applied.",
            pids);
    LOG.error(message);
    return new LockRetriesExhaustedException(message, attempts, elapsed, blockers, last);
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static void restore(SessionTimeouts.Scope scope) {
    try {
      scope.close();
    } catch (SQLException e) {
      LOG.debug("pgsafe could not restore lock_timeout and statement_timeout", e);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      if (!connection.isClosed()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void sleep(Duration delay, Unit<?> unit) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgsafeException(
          "pgsafe was interrupted while waiting to retry "
              + unit.description()
              + "; the last attempt was rolled back and nothing of it was applied.",
          e);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
