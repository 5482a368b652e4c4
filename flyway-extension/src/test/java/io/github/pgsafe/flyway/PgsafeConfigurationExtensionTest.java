package io.github.pgsafe.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.runtime.InvalidSettingException;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.SettingSpelling;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/** {@code flyway.pgsafe.*} as Flyway itself binds it; no database needed. */
class PgsafeConfigurationExtensionTest {

  /** A valid value, other than the default, for every key of the settings table. */
  private static final Map<String, String> EVERY_KEY = new LinkedHashMap<>();

  static {
    EVERY_KEY.put("lockTimeout", "70ms");
    EVERY_KEY.put("statementTimeout", "9s");
    EVERY_KEY.put("longStatementTimeout", "2h");
    EVERY_KEY.put("transactionTimeout", "1min");
    EVERY_KEY.put("retry.maxAttempts", "7");
    EVERY_KEY.put("retry.maxTotalTime", "1min");
    EVERY_KEY.put("retry.schedule", "escalating");
    EVERY_KEY.put("retry.maxLockTimeout", "3s");
    EVERY_KEY.put("retry.initialDelay", "20ms");
    EVERY_KEY.put("retry.maxDelay", "2s");
    EVERY_KEY.put("retry.onDeadlock", "false");
    EVERY_KEY.put("watchdog.enabled", "false");
    EVERY_KEY.put("watchdog.budget", "200ms");
    EVERY_KEY.put("watchdog.margin", "50ms");
    EVERY_KEY.put("watchdog.interval", "20ms");
    EVERY_KEY.put("blockerReport.includeQuery", "false");
    EVERY_KEY.put("failOnUnsafe", "false");
  }

  // getPlugin(Class) is deprecated in 11.13+, but the only lookup present in Flyway 10 to 13.
  @SuppressWarnings("deprecation")
  private static PgsafeConfigurationExtension bound(Map<String, String> keys) {
    Map<String, String> conf = new HashMap<>();
    keys.forEach((key, value) -> conf.put(SettingSpelling.FLYWAY.of(key), value));
    FluentConfiguration configuration = Flyway.configure().configuration(conf);
    return configuration.getPluginRegister().getPlugin(PgsafeConfigurationExtension.class);
  }

  @Test
  void bindsEveryKeyOfTheSettingsTableFromFlywayConfiguration() {
    assertThat(EVERY_KEY.keySet()).containsExactlyElementsOf(FlywaySettings.keys());

    PgsafeConfigurationExtension extension = bound(EVERY_KEY);

    assertThat(extension.values()).isEqualTo(EVERY_KEY);
    FlywaySettings settings = extension.toSettings();
    Map<String, String> runtime = new HashMap<>(EVERY_KEY);
    runtime.remove(FlywaySettings.FAIL_ON_UNSAFE);
    assertThat(settings.runtime()).isEqualTo(PgsafeSettings.load(runtime, SettingSpelling.KEY));
    assertThat(settings.failOnUnsafe()).isFalse();
  }

  @Test
  void keepsDefaultsForKeysNotSet() {
    PgsafeConfigurationExtension extension = bound(Map.of("lockTimeout", "60ms"));

    assertThat(extension.values()).isEqualTo(Map.of("lockTimeout", "60ms"));
    assertThat(extension.toSettings())
        .isEqualTo(
            new FlywaySettings(
                PgsafeSettings.defaults()
                    .with(PgsafeSettings.LOCK_TIMEOUT, java.time.Duration.ofMillis(60)),
                FlywaySettings.DEFAULT_FAIL_ON_UNSAFE));
  }

  @Test
  void mapsTheEnvironmentVariableOfEveryKeyToItsConfKey() {
    PgsafeConfigurationExtension extension = new PgsafeConfigurationExtension();

    for (String key : FlywaySettings.keys()) {
      assertThat(
              extension.getConfigurationParameterFromEnvironmentVariable(
                  SettingSpelling.FLYWAY_ENVIRONMENT.of(key)))
          .isEqualTo(SettingSpelling.FLYWAY.of(key));
    }
    assertThat(
            extension.getConfigurationParameterFromEnvironmentVariable(
                "FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS"))
        .isEqualTo("flyway.pgsafe.retry.maxAttempts");
    assertThat(
            extension.getConfigurationParameterFromEnvironmentVariable(
                "FLYWAY_PGSAFE_BLOCKER_REPORT_INCLUDE_QUERY"))
        .isEqualTo("flyway.pgsafe.blockerReport.includeQuery");
    assertThat(
            extension.getConfigurationParameterFromEnvironmentVariable(
                "FLYWAY_PGSAFE_FAIL_ON_UNSAFE"))
        .isEqualTo("flyway.pgsafe.failOnUnsafe");
  }

  @Test
  void leavesEnvironmentVariablesItDoesNotKnowToFlyway() {
    PgsafeConfigurationExtension extension = new PgsafeConfigurationExtension();

    assertThat(extension.getConfigurationParameterFromEnvironmentVariable("FLYWAY_PGSAFE_BOGUS"))
        .isNull();
    assertThat(
            extension.getConfigurationParameterFromEnvironmentVariable(
                "FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK"))
        .isNull();
  }

  @Test
  void rejectsAnUnknownKeyNamingIt() {
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () -> Flyway.configure().configuration(Map.of("flyway.pgsafe.lockTimout", "70ms")));

    assertThat(e.getMessage()).contains("flyway.pgsafe.lockTimout");
  }

  @Test
  void rejectsAnInvalidValueNamingTheConfKey() {
    PgsafeConfigurationExtension extension = bound(Map.of("lockTimeout", "30s"));

    InvalidSettingException e = assertThrows(InvalidSettingException.class, extension::toSettings);

    assertThat(e.getMessage())
        .startsWith("pgsafe setting lockTimeout is 30s (from flyway.pgsafe.lockTimeout)");
  }

  @Test
  void rejectsAFailOnUnsafeThatIsNotABoolean() {
    PgsafeConfigurationExtension extension = bound(Map.of("failOnUnsafe", "maybe"));

    RuntimeException e = assertThrows(RuntimeException.class, extension::toSettings);

    assertThat(e.getMessage())
        .isEqualTo(
            "pgsafe setting failOnUnsafe is 'maybe' (from flyway.pgsafe.failOnUnsafe); it must"
                + " be true or false. Use a value such as true.");
  }

  @Test
  void copyKeepsEveryValue() throws Exception {
    PgsafeConfigurationExtension extension = bound(EVERY_KEY);

    PgsafeConfigurationExtension copy = (PgsafeConfigurationExtension) extension.copy();

    assertThat(copy).isNotSameAs(extension);
    assertThat(copy.values()).isEqualTo(EVERY_KEY);
  }
}
