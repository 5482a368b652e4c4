package io.github.pgsafe.flyway;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.Setting;
import io.github.pgsafe.runtime.SettingSpelling;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.extensibility.ConfigurationExtension;

/**
 * The {@code flyway.pgsafe.*} namespace: {@code flyway.pgsafe.lockTimeout=80ms} in conf files,
 * Maven {@code <properties>} and {@code -D}; {@code [flyway.pgsafe] lockTimeout = "80ms"} in TOML;
 * {@code FLYWAY_PGSAFE_LOCK_TIMEOUT} in the environment.
 *
 * <p>Flyway binds the values into these fields (one per setting of {@link PgsafeSettings#ALL}, plus
 * {@link FlywaySettings#FAIL_ON_UNSAFE}); fields are {@code null} until set, so values from conf,
 * environment and command line merge. Keys Flyway cannot bind are rejected by Flyway itself
 * ("Unknown configuration property"). Values are parsed and validated once, by {@link
 * #toSettings()}, before the first migration runs.
 */
public final class PgsafeConfigurationExtension implements ConfigurationExtension {
  private String lockTimeout;
  private String statementTimeout;
  private String longStatementTimeout;
  private String transactionTimeout;
  private RetryModel retry;
  private WatchdogModel watchdog;
  private BlockerReportModel blockerReport;
  private String failOnUnsafe;

  @Override
  @JsonIgnore
  public String getNamespace() {
    return "pgsafe";
  }

  /** {@code FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS} → {@code flyway.pgsafe.retry.maxAttempts}. */
  @Override
  public String getConfigurationParameterFromEnvironmentVariable(String environmentVariable) {
    for (String key : FlywaySettings.keys()) {
      if (SettingSpelling.FLYWAY_ENVIRONMENT.of(key).equals(environmentVariable)) {
        return SettingSpelling.FLYWAY.of(key);
      }
    }
    return null;
  }

  /**
   * The values set, by key ({@code retry.maxAttempts}); settings left unset are absent.
   *
   * @return a new map
   */
  public Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    put(values, PgsafeSettings.LOCK_TIMEOUT, lockTimeout);
    put(values, PgsafeSettings.STATEMENT_TIMEOUT, statementTimeout);
    put(values, PgsafeSettings.LONG_STATEMENT_TIMEOUT, longStatementTimeout);
    put(values, PgsafeSettings.TRANSACTION_TIMEOUT, transactionTimeout);
    if (retry != null) {
      put(values, PgsafeSettings.RETRY_MAX_ATTEMPTS, retry.maxAttempts);
      put(values, PgsafeSettings.RETRY_MAX_TOTAL_TIME, retry.maxTotalTime);
      put(values, PgsafeSettings.RETRY_SCHEDULE, retry.schedule);
      put(values, PgsafeSettings.RETRY_MAX_LOCK_TIMEOUT, retry.maxLockTimeout);
      put(values, PgsafeSettings.RETRY_INITIAL_DELAY, retry.initialDelay);
      put(values, PgsafeSettings.RETRY_MAX_DELAY, retry.maxDelay);
      put(values, PgsafeSettings.RETRY_ON_DEADLOCK, retry.onDeadlock);
    }
    if (watchdog != null) {
      put(values, PgsafeSettings.WATCHDOG_ENABLED, watchdog.enabled);
      put(values, PgsafeSettings.WATCHDOG_BUDGET, watchdog.budget);
      put(values, PgsafeSettings.WATCHDOG_MARGIN, watchdog.margin);
      put(values, PgsafeSettings.WATCHDOG_INTERVAL, watchdog.interval);
    }
    if (blockerReport != null) {
      put(values, PgsafeSettings.BLOCKER_REPORT_INCLUDE_QUERY, blockerReport.includeQuery);
    }
    if (failOnUnsafe != null) {
      values.put(FlywaySettings.FAIL_ON_UNSAFE, failOnUnsafe);
    }
    return values;
  }

  /** Parses and validates the values set; unset settings keep their defaults. */
  public FlywaySettings toSettings() {
    Map<String, String> flyway = new HashMap<>();
    values().forEach((key, value) -> flyway.put(SettingSpelling.FLYWAY.of(key), value));
    return FlywaySettings.load(flyway, SettingSpelling.FLYWAY);
  }

  private static void put(Map<String, String> values, Setting<?> setting, String value) {
    if (value != null) {
      values.put(setting.key(), value);
    }
  }

  // Bean accessors: Flyway binds and copies the extension through them.

  public String getLockTimeout() {
    return lockTimeout;
  }

  public void setLockTimeout(String lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  public String getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(String statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  public String getLongStatementTimeout() {
    return longStatementTimeout;
  }

  public void setLongStatementTimeout(String longStatementTimeout) {
    this.longStatementTimeout = longStatementTimeout;
  }

  public String getTransactionTimeout() {
    return transactionTimeout;
  }

  public void setTransactionTimeout(String transactionTimeout) {
    this.transactionTimeout = transactionTimeout;
  }

  public RetryModel getRetry() {
    return retry;
  }

  public void setRetry(RetryModel retry) {
    this.retry = retry;
  }

  public WatchdogModel getWatchdog() {
    return watchdog;
  }

  public void setWatchdog(WatchdogModel watchdog) {
    this.watchdog = watchdog;
  }

  public BlockerReportModel getBlockerReport() {
    return blockerReport;
  }

  public void setBlockerReport(BlockerReportModel blockerReport) {
    this.blockerReport = blockerReport;
  }

  public String getFailOnUnsafe() {
    return failOnUnsafe;
  }

  public void setFailOnUnsafe(String failOnUnsafe) {
    this.failOnUnsafe = failOnUnsafe;
  }

  /** {@code flyway.pgsafe.retry.*}. */
  public static final class RetryModel {
    private String maxAttempts;
    private String maxTotalTime;
    private String schedule;
    private String maxLockTimeout;
    private String initialDelay;
    private String maxDelay;
    private String onDeadlock;

    public String getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(String maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public String getMaxTotalTime() {
      return maxTotalTime;
    }

    public void setMaxTotalTime(String maxTotalTime) {
      this.maxTotalTime = maxTotalTime;
    }

    public String getSchedule() {
      return schedule;
    }

    public void setSchedule(String schedule) {
      this.schedule = schedule;
    }

    public String getMaxLockTimeout() {
      return maxLockTimeout;
    }

    public void setMaxLockTimeout(String maxLockTimeout) {
      this.maxLockTimeout = maxLockTimeout;
    }

    public String getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(String initialDelay) {
      this.initialDelay = initialDelay;
    }

    public String getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(String maxDelay) {
      this.maxDelay = maxDelay;
    }

    public String getOnDeadlock() {
      return onDeadlock;
    }

    public void setOnDeadlock(String onDeadlock) {
      this.onDeadlock = onDeadlock;
    }
  }

  /** {@code flyway.pgsafe.watchdog.*}. */
  public static final class WatchdogModel {
    private String enabled;
    private String budget;
    private String margin;
    private String interval;

    public String getEnabled() {
      return enabled;
    }

    public void setEnabled(String enabled) {
      this.enabled = enabled;
    }

    public String getBudget() {
      return budget;
    }

    public void setBudget(String budget) {
      this.budget = budget;
    }

    public String getMargin() {
      return margin;
    }

    public void setMargin(String margin) {
      this.margin = margin;
    }

    public String getInterval() {
      return interval;
    }

    public void setInterval(String interval) {
      this.interval = interval;
    }
  }

  /** {@code flyway.pgsafe.blockerReport.*}. */
  public static final class BlockerReportModel {
    private String includeQuery;

    public String getIncludeQuery() {
      return includeQuery;
    }

    public void setIncludeQuery(String includeQuery) {
      this.includeQuery = includeQuery;
    }
  }
}
