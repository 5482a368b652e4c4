package io.github.pgsafe.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgsafe's runtime settings: immutable, and validated once when built. {@link #ALL} is the one
 * table of settings that every front end (Flyway, Liquibase, Spring, CLI) derives its spelling
 * from; {@link #load} reads them from a map of key to text.
 *
 * @param lockTimeout lock_timeout for each attempt of a short statement
 * @param statementTimeout statement_timeout for short statements (DDL under a lock)
 * @param longStatementTimeout statement_timeout for statements that run long without blocking
 *     anyone: CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT, backfill batches
 * @param transactionTimeout transaction_timeout on PostgreSQL 17 and later; empty means unset
 * @param retryMaxAttempts attempts per unit of work, the first included
 * @param retryMaxTotalTime time over all attempts of one unit of work, pauses included
 * @param retrySchedule how lock_timeout develops over the attempts
 * @param retryMaxLockTimeout the highest lock_timeout the escalating schedule reaches
 * @param retryInitialDelay the pause after the first failed attempt
 * @param retryMaxDelay the longest pause between attempts
 * @param retryOnDeadlock whether a unit chosen as a deadlock victim is retried
 * @param watchdogEnabled whether statements that hold strong locks are watched
 * @param watchdogBudget the longest an application query may wait behind pgsafe
 * @param watchdogMargin how long before the budget the watchdog cancels pgsafe's statement
 * @param watchdogInterval how often the watchdog samples waiting sessions
 * @param blockerReportIncludeQuery whether blocker reports show the blocker's query text
 */
public record PgsafeSettings(
    Duration lockTimeout,
    Duration statementTimeout,
    Duration longStatementTimeout,
    Optional<Duration> transactionTimeout,
    int retryMaxAttempts,
    Duration retryMaxTotalTime,
    RetrySchedule retrySchedule,
    Duration retryMaxLockTimeout,
    Duration retryInitialDelay,
    Duration retryMaxDelay,
    boolean retryOnDeadlock,
    boolean watchdogEnabled,
    Duration watchdogBudget,
    Duration watchdogMargin,
    Duration watchdogInterval,
    boolean blockerReportIncludeQuery) {

  private static final Logger LOG = LoggerFactory.getLogger(PgsafeSettings.class);

  /**
   * 80ms, 20 ms under the 100 ms budget. Queries queued behind a statement that gives up at
   * lock_timeout have waited the timeout plus the time the cancel and wake-up take: 1–5 ms on an
   * idle server (latency-baseline: lock_timeout 100ms gave 101–105 ms, 50ms gave at most 54 ms),
   * and up to 6 ms on the loaded 2-core test machine (LockRetryIT: lock_timeout 80ms, queued
   * queries waited up to 96 ms). 80ms keeps the worst case near 90 ms.
   */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(80);

  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LONG_STATEMENT_TIMEOUT = Duration.ofHours(4);
  public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 20;
  public static final Duration DEFAULT_RETRY_MAX_TOTAL_TIME = Duration.ofMinutes(2);
  public static final RetrySchedule DEFAULT_RETRY_SCHEDULE = RetrySchedule.DEFAULT;
  public static final Duration DEFAULT_RETRY_MAX_LOCK_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETRY_INITIAL_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(10);
  public static final boolean DEFAULT_RETRY_ON_DEADLOCK = true;
  public static final boolean DEFAULT_WATCHDOG_ENABLED = true;
  public static final Duration DEFAULT_WATCHDOG_BUDGET = Duration.ofMillis(100);

  /**
   * 40ms: the watchdog cancels when the oldest waiter reaches 60 ms. Between the sample that sees
   * it and the moment the waiter gets the lock lie up to one interval, the cancel, the rollback and
   * the wake-up; on the loaded 2-core test machine that was up to 22 ms (LockRetryIT: trigger at 75
   * ms, waiters released at up to 97 ms).
   */
  public static final Duration DEFAULT_WATCHDOG_MARGIN = Duration.ofMillis(40);

  public static final Duration DEFAULT_WATCHDOG_INTERVAL = Duration.ofMillis(10);
  public static final boolean DEFAULT_BLOCKER_REPORT_INCLUDE_QUERY = true;

  public static final Setting<Duration> LOCK_TIMEOUT =
      Setting.duration(
          "lockTimeout",
          DEFAULT_LOCK_TIMEOUT,
          Duration.ofMillis(1),
          Duration.ofSeconds(10),
          "lock_timeout of each attempt; keep it a few ms under the 100 ms budget.");
  public static final Setting<Duration> STATEMENT_TIMEOUT =
      Setting.duration(
          "statementTimeout",
          DEFAULT_STATEMENT_TIMEOUT,
          Duration.ofMillis(10),
          Duration.ofHours(1),
          "statement_timeout of short statements; must be longer than lockTimeout.");
  public static final Setting<Duration> LONG_STATEMENT_TIMEOUT =
      Setting.duration(
          "longStatementTimeout",
          DEFAULT_LONG_STATEMENT_TIMEOUT,
          Duration.ofSeconds(1),
          Duration.ofHours(48),
          "statement_timeout of CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT and backfill"
              + " batches, which run long without blocking anyone.");
  public static final Setting<Duration> TRANSACTION_TIMEOUT =
      Setting.optionalDuration(
          "transactionTimeout",
          Duration.ofMillis(10),
          Duration.ofHours(48),
          "transaction_timeout of each unit of work on PostgreSQL 17+; unset by default.");
  public static final Setting<Integer> RETRY_MAX_ATTEMPTS =
      Setting.integer(
          "retry.maxAttempts",
          DEFAULT_RETRY_MAX_ATTEMPTS,
          1,
          1000,
          "Attempts per unit of work after lock timeouts, the first included.");
  public static final Setting<Duration> RETRY_MAX_TOTAL_TIME =
      Setting.duration(
          "retry.maxTotalTime",
          DEFAULT_RETRY_MAX_TOTAL_TIME,
          Duration.ofMillis(100),
          Duration.ofHours(24),
          "Time over all attempts of one unit of work, pauses included.");
  public static final Setting<RetrySchedule> RETRY_SCHEDULE =
      Setting.choice(
          "retry.schedule",
          RetrySchedule.class,
          DEFAULT_RETRY_SCHEDULE,
          "default keeps every lock wait at lockTimeout; escalating raises it up to"
              + " retry.maxLockTimeout, like GitLab's with_lock_retries.");
  public static final Setting<Duration> RETRY_MAX_LOCK_TIMEOUT =
      Setting.duration(
          "retry.maxLockTimeout",
          DEFAULT_RETRY_MAX_LOCK_TIMEOUT,
          Duration.ofMillis(1),
          Duration.ofMinutes(1),
          "The highest lock_timeout of the escalating schedule.");
  public static final Setting<Duration> RETRY_INITIAL_DELAY =
      Setting.duration(
          "retry.initialDelay",
          DEFAULT_RETRY_INITIAL_DELAY,
          Duration.ofMillis(1),
          Duration.ofMinutes(1),
          "Pause after the first failed attempt; it doubles after each one, with jitter.");
  public static final Setting<Duration> RETRY_MAX_DELAY =
      Setting.duration(
          "retry.maxDelay",
          DEFAULT_RETRY_MAX_DELAY,
          Duration.ofMillis(1),
          Duration.ofMinutes(10),
          "The longest pause between two attempts.");
  public static final Setting<Boolean> RETRY_ON_DEADLOCK =
      Setting.bool(
          "retry.onDeadlock",
          DEFAULT_RETRY_ON_DEADLOCK,
          "Retry a unit of work that PostgreSQL chose as a deadlock victim (it was rolled back).");
  public static final Setting<Boolean> WATCHDOG_ENABLED =
      Setting.bool(
          "watchdog.enabled",
          DEFAULT_WATCHDOG_ENABLED,
          "Cancel pgsafe's own statement that holds a strong lock while application queries"
              + " wait on it for longer than watchdog.budget minus watchdog.margin.");
  public static final Setting<Duration> WATCHDOG_BUDGET =
      Setting.duration(
          "watchdog.budget",
          DEFAULT_WATCHDOG_BUDGET,
          Duration.ofMillis(10),
          Duration.ofSeconds(10),
          "The longest an application query may wait on a lock held or requested by pgsafe.");
  public static final Setting<Duration> WATCHDOG_MARGIN =
      Setting.duration(
          "watchdog.margin",
          DEFAULT_WATCHDOG_MARGIN,
          Duration.ofMillis(1),
          Duration.ofSeconds(10),
          "How long before the budget the watchdog cancels: one sampling interval plus the"
              + " time a cancel takes.");
  public static final Setting<Duration> WATCHDOG_INTERVAL =
      Setting.duration(
          "watchdog.interval",
          DEFAULT_WATCHDOG_INTERVAL,
          Duration.ofMillis(1),
          Duration.ofSeconds(1),
          "How often the watchdog and the blocker report sample pg_stat_activity.");
  public static final Setting<Boolean> BLOCKER_REPORT_INCLUDE_QUERY =
      Setting.bool(
          "blockerReport.includeQuery",
          DEFAULT_BLOCKER_REPORT_INCLUDE_QUERY,
          "Show the blocking session's query text in logs and errors; turn off if queries carry"
              + " sensitive literals.");

  /** Every setting, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          LOCK_TIMEOUT,
          STATEMENT_TIMEOUT,
          LONG_STATEMENT_TIMEOUT,
          TRANSACTION_TIMEOUT,
          RETRY_MAX_ATTEMPTS,
          RETRY_MAX_TOTAL_TIME,
          RETRY_SCHEDULE,
          RETRY_MAX_LOCK_TIMEOUT,
          RETRY_INITIAL_DELAY,
          RETRY_MAX_DELAY,
          RETRY_ON_DEADLOCK,
          WATCHDOG_ENABLED,
          WATCHDOG_BUDGET,
          WATCHDOG_MARGIN,
          WATCHDOG_INTERVAL,
          BLOCKER_REPORT_INCLUDE_QUERY);

  public PgsafeSettings {
    Map<Setting<?>, Object> values =
        map(
            lockTimeout,
            statementTimeout,
            longStatementTimeout,
            transactionTimeout,
            retryMaxAttempts,
            retryMaxTotalTime,
            retrySchedule,
            retryMaxLockTimeout,
            retryInitialDelay,
            retryMaxDelay,
            retryOnDeadlock,
            watchdogEnabled,
            watchdogBudget,
            watchdogMargin,
            watchdogInterval,
            blockerReportIncludeQuery);
    validate(values, s -> "Java code");
  }

  /** Every setting at its default. */
  public static PgsafeSettings defaults() {
    return fromValues(new HashMap<>());
  }

  /**
   * Reads settings from {@code values}, whose keys are spelled as {@code spelling} says ({@code
   * flyway.pgsafe.lockTimeout} for {@link SettingSpelling#FLYWAY}). Settings not in the map keep
   * their defaults.
   *
   * @throws InvalidSettingException for an unknown key, a malformed or out-of-range value, or
   *     values that contradict each other; the message names the key as the user wrote it
   */
  public static PgsafeSettings load(Map<String, String> values, SettingSpelling spelling) {
    Map<String, Setting<?>> bySpelling = new HashMap<>();
    for (Setting<?> setting : ALL) {
      bySpelling.put(setting.key(spelling), setting);
    }
    rejectUnknown(
        values.keySet(), ALL.stream().map(s -> s.key(spelling)).collect(Collectors.toList()));
    Map<Setting<?>, Object> parsed = new LinkedHashMap<>();
    Map<Setting<?>, String> sources = new HashMap<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      Setting<?> setting = bySpelling.get(entry.getKey());
      parsed.put(setting, setting.parse(entry.getValue(), entry.getKey()));
      sources.put(setting, entry.getKey());
    }
    Function<Setting<?>, String> source = s -> sources.getOrDefault(s, "default");
    Map<Setting<?>, Object> all = withDefaults(parsed);
    validate(all, source);
    PgsafeSettings settings = fromValues(parsed);
    if (LOG.isDebugEnabled()) {
      LOG.debug("pgsafe settings: {}", settings.describe(source));
    }
    return settings;
  }

  /** A copy with one setting changed; validated like any other. */
  public <T extends Comparable<T>> PgsafeSettings with(Setting<T> setting, T value) {
    Map<Setting<?>, Object> values = new HashMap<>(values());
    values.put(setting, Objects.requireNonNull(value, setting.key()));
    return fromValues(values);
  }

  /** Every setting with its value, as users write it: {@code lockTimeout=80ms, ...}. */
  @Override
  public String toString() {
    return describe(s -> null);
  }

  private String describe(Function<Setting<?>, String> source) {
    Map<Setting<?>, Object> values = values();
    List<String> parts = new ArrayList<>();
    for (Setting<?> setting : ALL) {
      String from = source.apply(setting);
      parts.add(
          setting.key()
              + "="
              + formatted(setting, values.get(setting))
              + (from == null ? "" : " (" + from + ")"));
    }
    return String.join(", ", parts);
  }

  private static <T extends Comparable<T>> String formatted(Setting<T> setting, Object value) {
    return value == null ? "unset" : setting.format(cast(setting, value));
  }

  Map<Setting<?>, Object> values() {
    return map(
        lockTimeout,
        statementTimeout,
        longStatementTimeout,
        transactionTimeout,
        retryMaxAttempts,
        retryMaxTotalTime,
        retrySchedule,
        retryMaxLockTimeout,
        retryInitialDelay,
        retryMaxDelay,
        retryOnDeadlock,
        watchdogEnabled,
        watchdogBudget,
        watchdogMargin,
        watchdogInterval,
        blockerReportIncludeQuery);
  }

  private static Map<Setting<?>, Object> map(
      Duration lockTimeout,
      Duration statementTimeout,
      Duration longStatementTimeout,
      Optional<Duration> transactionTimeout,
      int retryMaxAttempts,
      Duration retryMaxTotalTime,
      RetrySchedule retrySchedule,
      Duration retryMaxLockTimeout,
      Duration retryInitialDelay,
      Duration retryMaxDelay,
      boolean retryOnDeadlock,
      boolean watchdogEnabled,
      Duration watchdogBudget,
      Duration watchdogMargin,
      Duration watchdogInterval,
      boolean blockerReportIncludeQuery) {
    Map<Setting<?>, Object> m = new HashMap<>();
    m.put(LOCK_TIMEOUT, lockTimeout);
    m.put(STATEMENT_TIMEOUT, statementTimeout);
    m.put(LONG_STATEMENT_TIMEOUT, longStatementTimeout);
    Objects.requireNonNull(transactionTimeout, TRANSACTION_TIMEOUT.key())
        .ifPresent(t -> m.put(TRANSACTION_TIMEOUT, t));
    m.put(RETRY_MAX_ATTEMPTS, retryMaxAttempts);
    m.put(RETRY_MAX_TOTAL_TIME, retryMaxTotalTime);
    m.put(RETRY_SCHEDULE, retrySchedule);
    m.put(RETRY_MAX_LOCK_TIMEOUT, retryMaxLockTimeout);
    m.put(RETRY_INITIAL_DELAY, retryInitialDelay);
    m.put(RETRY_MAX_DELAY, retryMaxDelay);
    m.put(RETRY_ON_DEADLOCK, retryOnDeadlock);
    m.put(WATCHDOG_ENABLED, watchdogEnabled);
    m.put(WATCHDOG_BUDGET, watchdogBudget);
    m.put(WATCHDOG_MARGIN, watchdogMargin);
    m.put(WATCHDOG_INTERVAL, watchdogInterval);
    m.put(BLOCKER_REPORT_INCLUDE_QUERY, blockerReportIncludeQuery);
    for (Setting<?> setting : ALL) {
      if (setting.defaultValue().isPresent()) {
        Objects.requireNonNull(m.get(setting), setting.key());
      }
    }
    return m;
  }

  /**
   * Fails, naming them and listing {@code known}, if any of {@code given} is not one of {@code
   * known}; for adapters whose settings are this table plus keys of their own.
   *
   * @throws InvalidSettingException for the first call with an unknown key
   */
  public static void rejectUnknown(Collection<String> given, List<String> known) {
    TreeSet<String> unknown = new TreeSet<>(given);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new InvalidSettingException(
          String.format(
              Locale.ROOT,
              "unknown pgsafe setting%s %s; nothing was run. Known settings: %s.",
              unknown.size() == 1 ? "" : "s",
              String.join(", ", unknown),
              String.join(", ", known)));
    }
  }

  private static Map<Setting<?>, Object> withDefaults(Map<Setting<?>, Object> values) {
    Map<Setting<?>, Object> all = new HashMap<>();
    for (Setting<?> setting : ALL) {
      setting.defaultValue().ifPresent(d -> all.put(setting, d));
    }
    all.putAll(values);
    return all;
  }

  private static PgsafeSettings fromValues(Map<Setting<?>, Object> given) {
    Map<Setting<?>, Object> v = withDefaults(given);
    return new PgsafeSettings(
        get(v, LOCK_TIMEOUT),
        get(v, STATEMENT_TIMEOUT),
        get(v, LONG_STATEMENT_TIMEOUT),
        Optional.ofNullable(get(v, TRANSACTION_TIMEOUT)),
        get(v, RETRY_MAX_ATTEMPTS),
        get(v, RETRY_MAX_TOTAL_TIME),
        get(v, RETRY_SCHEDULE),
        get(v, RETRY_MAX_LOCK_TIMEOUT),
        get(v, RETRY_INITIAL_DELAY),
        get(v, RETRY_MAX_DELAY),
        get(v, RETRY_ON_DEADLOCK),
        get(v, WATCHDOG_ENABLED),
        get(v, WATCHDOG_BUDGET),
        get(v, WATCHDOG_MARGIN),
        get(v, WATCHDOG_INTERVAL),
        get(v, BLOCKER_REPORT_INCLUDE_QUERY));
  }

  private static <T extends Comparable<T>> T get(Map<Setting<?>, Object> values, Setting<T> s) {
    Object value = values.get(s);
    return value == null ? null : cast(s, value);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Comparable<T>> T cast(Setting<T> setting, Object value) {
    return (T) value;
  }

  private static void validate(
      Map<Setting<?>, Object> values, Function<Setting<?>, String> source) {
    for (Setting<?> setting : ALL) {
      Object value = values.get(setting);
      if (value != null) {
        checkOne(setting, value, source.apply(setting));
      }
    }
    Duration lock = get(values, LOCK_TIMEOUT);
    requireLess(
        values,
        source,
        LOCK_TIMEOUT,
        STATEMENT_TIMEOUT,
        "or the statement timeout fires" + " first and hides the lock wait");
    requireLess(
        values,
        source,
        LOCK_TIMEOUT,
        LONG_STATEMENT_TIMEOUT,
        "or long statements fail" + " before they get their lock");
    requireLess(
        values,
        source,
        RETRY_MAX_LOCK_TIMEOUT,
        STATEMENT_TIMEOUT,
        "or the statement" + " timeout fires first on the escalated attempts");
    if (get(values, RETRY_MAX_LOCK_TIMEOUT).compareTo(lock) < 0) {
      throw contradiction(
          values,
          source,
          RETRY_MAX_LOCK_TIMEOUT,
          LOCK_TIMEOUT,
          "must not be smaller than",
          "the escalating schedule starts at lockTimeout");
    }
    if (get(values, RETRY_MAX_DELAY).compareTo(get(values, RETRY_INITIAL_DELAY)) < 0) {
      throw contradiction(
          values,
          source,
          RETRY_MAX_DELAY,
          RETRY_INITIAL_DELAY,
          "must not be smaller than",
          "the pause only grows");
    }
    requireLess(
        values,
        source,
        WATCHDOG_MARGIN,
        WATCHDOG_BUDGET,
        "or the watchdog cancels" + " before anyone waited");
    requireLess(
        values,
        source,
        WATCHDOG_INTERVAL,
        WATCHDOG_MARGIN,
        "or a wait can pass the" + " budget between two samples");
    Duration tx = get(values, TRANSACTION_TIMEOUT);
    if (tx != null && tx.compareTo(lock) <= 0) {
      throw contradiction(
          values,
          source,
          TRANSACTION_TIMEOUT,
          LOCK_TIMEOUT,
          "must be longer than",
          "or the transaction timeout fires first and hides the lock wait");
    }
  }

  private static <T extends Comparable<T>> void checkOne(
      Setting<T> setting, Object value, String source) {
    setting.check(cast(setting, value), source);
  }

  private static void requireLess(
      Map<Setting<?>, Object> values,
      Function<Setting<?>, String> source,
      Setting<Duration> smaller,
      Setting<Duration> larger,
      String why) {
    if (get(values, smaller).compareTo(get(values, larger)) >= 0) {
      throw contradiction(values, source, smaller, larger, "must be smaller than", why);
    }
  }

  private static InvalidSettingException contradiction(
      Map<Setting<?>, Object> values,
      Function<Setting<?>, String> source,
      Setting<Duration> a,
      Setting<Duration> b,
      String relation,
      String why) {
    return new InvalidSettingException(
        String.format(
            Locale.ROOT,
            "pgsafe setting %s is %s (from %s) and %s is %s (from %s); %s %s %s, %s. Change one"
                + " of them; nothing was run.",
            a.key(),
            a.format(get(values, a)),
            source.apply(a),
            b.key(),
            b.format(get(values, b)),
            source.apply(b),
            a.key(),
            relation,
            b.key(),
            why));
  }
}
