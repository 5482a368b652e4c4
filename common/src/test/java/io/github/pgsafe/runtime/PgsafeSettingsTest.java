package io.github.pgsafe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PgsafeSettingsTest {

  @Test
  void defaultsKeepEveryLockWaitUnderTheBudget() {
    PgsafeSettings d = PgsafeSettings.defaults();
    assertThat(d.lockTimeout()).isEqualTo(Duration.ofMillis(80));
    assertThat(d.lockTimeout()).isLessThan(d.watchdogBudget());
    assertThat(d.statementTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.longStatementTimeout()).isEqualTo(Duration.ofHours(4));
    assertThat(d.transactionTimeout()).isEmpty();
    assertThat(d.retryMaxAttempts()).isEqualTo(20);
    assertThat(d.retryMaxTotalTime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.retrySchedule()).isEqualTo(RetrySchedule.DEFAULT);
    assertThat(d.watchdogEnabled()).isTrue();
    assertThat(d.watchdogBudget()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.watchdogMargin()).isEqualTo(Duration.ofMillis(40));
    assertThat(d.watchdogInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(d.blockerReportIncludeQuery()).isTrue();
  }

  @Test
  void loadsEverySettingFromItsFlywaySpelling() {
    PgsafeSettings s =
        PgsafeSettings.load(
            Map.ofEntries(
                Map.entry("flyway.pgsafe.lockTimeout", "50ms"),
                Map.entry("flyway.pgsafe.statementTimeout", "2s"),
                Map.entry("flyway.pgsafe.longStatementTimeout", "2h"),
                Map.entry("flyway.pgsafe.transactionTimeout", "10min"),
                Map.entry("flyway.pgsafe.retry.maxAttempts", "8"),
                Map.entry("flyway.pgsafe.retry.maxTotalTime", "30s"),
                Map.entry("flyway.pgsafe.retry.schedule", "escalating"),
                Map.entry("flyway.pgsafe.retry.maxLockTimeout", "1s"),
                Map.entry("flyway.pgsafe.retry.initialDelay", "20ms"),
                Map.entry("flyway.pgsafe.retry.maxDelay", "1s"),
                Map.entry("flyway.pgsafe.retry.onDeadlock", "false"),
                Map.entry("flyway.pgsafe.watchdog.enabled", "false"),
                Map.entry("flyway.pgsafe.watchdog.budget", "200ms"),
                Map.entry("flyway.pgsafe.watchdog.margin", "50ms"),
                Map.entry("flyway.pgsafe.watchdog.interval", "20ms"),
                Map.entry("flyway.pgsafe.blockerReport.includeQuery", "false")),
            SettingSpelling.FLYWAY);
    assertThat(s)
        .isEqualTo(
            new PgsafeSettings(
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofHours(2),
                Optional.of(Duration.ofMinutes(10)),
                8,
                Duration.ofSeconds(30),
                RetrySchedule.ESCALATING,
                Duration.ofSeconds(1),
                Duration.ofMillis(20),
                Duration.ofSeconds(1),
                false,
                false,
                Duration.ofMillis(200),
                Duration.ofMillis(50),
                Duration.ofMillis(20),
                false));
  }

  @Test
  void everySpellingGivesTheSameSettings() {
    PgsafeSettings expected = PgsafeSettings.defaults().with(PgsafeSettings.RETRY_MAX_ATTEMPTS, 3);
    for (SettingSpelling spelling : SettingSpelling.values()) {
      String key = PgsafeSettings.RETRY_MAX_ATTEMPTS.key(spelling);
      assertThat(PgsafeSettings.load(Map.of(key, "3"), spelling)).as(key).isEqualTo(expected);
    }
  }

  @Test
  void derivesFrontEndSpellingsFromTheKey() {
    Setting<Integer> s = PgsafeSettings.RETRY_MAX_ATTEMPTS;
    assertThat(s.key(SettingSpelling.KEY)).isEqualTo("retry.maxAttempts");
    assertThat(s.key(SettingSpelling.FLYWAY)).isEqualTo("flyway.pgsafe.retry.maxAttempts");
    assertThat(s.key(SettingSpelling.FLYWAY_ENVIRONMENT))
        .isEqualTo("FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS");
    assertThat(s.key(SettingSpelling.LIQUIBASE)).isEqualTo("liquibase.pgsafe.retry.maxAttempts");
    assertThat(s.key(SettingSpelling.SPRING)).isEqualTo("pgsafe.retry.max-attempts");
    assertThat(s.key(SettingSpelling.CLI)).isEqualTo("--retry-max-attempts");
    assertThat(PgsafeSettings.LOCK_TIMEOUT.key(SettingSpelling.FLYWAY_ENVIRONMENT))
        .isEqualTo("FLYWAY_PGSAFE_LOCK_TIMEOUT");
    assertThat(PgsafeSettings.LOCK_TIMEOUT.key(SettingSpelling.SPRING))
        .isEqualTo("pgsafe.lock-timeout");
  }

  @Test
  void everySettingHasADocLineAndAUniqueKey() {
    assertThat(PgsafeSettings.ALL).extracting(Setting::key).doesNotHaveDuplicates();
    assertThat(PgsafeSettings.ALL).allSatisfy(s -> assertThat(s.doc()).isNotBlank());
    assertThat(PgsafeSettings.ALL).hasSize(PgsafeSettings.class.getRecordComponents().length);
  }

  @Test
  void rejectsLockTimeoutAboveTenSeconds() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(
                    Map.of("flyway.pgsafe.lockTimeout", "30s"), SettingSpelling.FLYWAY));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting lockTimeout is 30s (from flyway.pgsafe.lockTimeout); it must be"
                + " between 1ms and 10s. Use a value such as 80ms.");
  }

  @Test
  void rejectsDurationWithoutUnit() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(Map.of("pgsafe.lock-timeout", "100"), SettingSpelling.SPRING));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting lockTimeout is '100' (from pgsafe.lock-timeout); it must be a whole"
                + " number with a unit (ms, s, min or h) between 1ms and 10s. Use a value such as"
                + " 80ms.");
  }

  @Test
  void rejectsUnknownSchedule() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () -> PgsafeSettings.load(Map.of("--retry-schedule", "fast"), SettingSpelling.CLI));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting retry.schedule is 'fast' (from --retry-schedule); it must be one of"
                + " default, escalating. Use a value such as default.");
  }

  @Test
  void rejectsZeroAttempts() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(
                    Map.of("FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS", "0"),
                    SettingSpelling.FLYWAY_ENVIRONMENT));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting retry.maxAttempts is 0 (from FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS); it must"
                + " be between 1 and 1000. Use a value such as 20.");
  }

  @Test
  void rejectsUnknownKeys() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(
                    Map.of("liquibase.pgsafe.lockTimout", "80ms"), SettingSpelling.LIQUIBASE));
    assertThat(e.getMessage())
        .startsWith(
            "unknown pgsafe setting liquibase.pgsafe.lockTimout; nothing was run. Known settings:"
                + " liquibase.pgsafe.lockTimeout, liquibase.pgsafe.statementTimeout,");
  }

  @Test
  void rejectsLockTimeoutNotSmallerThanStatementTimeout() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(
                    Map.of(
                        "flyway.pgsafe.lockTimeout", "5s", "flyway.pgsafe.statementTimeout", "2s"),
                    SettingSpelling.FLYWAY));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting lockTimeout is 5s (from flyway.pgsafe.lockTimeout) and"
                + " statementTimeout is 2s (from flyway.pgsafe.statementTimeout); lockTimeout must"
                + " be smaller than statementTimeout, or the statement timeout fires first and"
                + " hides the lock wait. Change one of them; nothing was run.");
  }

  @Test
  void namesTheDefaultWhenTheOtherSideOfAContradictionWasNotSet() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () ->
                PgsafeSettings.load(
                    Map.of("flyway.pgsafe.watchdog.margin", "100ms"), SettingSpelling.FLYWAY));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting watchdog.margin is 100ms (from flyway.pgsafe.watchdog.margin) and"
                + " watchdog.budget is 100ms (from default); watchdog.margin must be smaller than"
                + " watchdog.budget, or the watchdog cancels before anyone waited. Change one of"
                + " them; nothing was run.");
  }

  @Test
  void rejectsInvalidValuesBuiltInJavaToo() {
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class,
            () -> PgsafeSettings.defaults().with(PgsafeSettings.LOCK_TIMEOUT, Duration.ZERO));
    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting lockTimeout is 0ms (from Java code); it must be between 1ms and 10s."
                + " Use a value such as 80ms.");
  }

  @Test
  void printsValuesAsUsersWriteThem() {
    assertThat(PgsafeSettings.defaults().toString())
        .startsWith("lockTimeout=80ms, statementTimeout=10s, longStatementTimeout=4h,")
        .contains("transactionTimeout=unset, retry.maxAttempts=20, retry.maxTotalTime=2min,")
        .contains("retry.schedule=default,");
  }
}
