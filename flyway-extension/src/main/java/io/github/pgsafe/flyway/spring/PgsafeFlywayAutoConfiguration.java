package io.github.pgsafe.flyway.spring;

import io.github.pgsafe.flyway.FlywaySettings;
import io.github.pgsafe.flyway.PgsafeCallback;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * pgsafe for Spring Boot's Flyway: adding pgsafe-flyway to the application is all it takes.
 * Settings come from {@code pgsafe.*} properties ({@code pgsafe.lock-timeout=80ms}, spelled as in
 * {@link io.github.pgsafe.runtime.SettingSpelling#SPRING}); they are read and validated when the
 * context starts, so a bad or unknown key stops the application before Flyway runs.
 *
 * <p>It runs before Boot's {@code FlywayAutoConfiguration} so the customizer exists when Boot
 * builds Flyway. Boot sets the application's {@code Callback} beans first and then runs the
 * customizers; pgsafe's customizer runs last and appends its callback to whatever is there. Boot 3
 * and Boot 4 name the customizer interface differently; each nested configuration is only read when
 * its interface is on the class path.
 */
@AutoConfiguration(
    beforeName = {
      PgsafeFlywayAutoConfiguration.BOOT3_FLYWAY_AUTO_CONFIGURATION,
      PgsafeFlywayAutoConfiguration.BOOT4_FLYWAY_AUTO_CONFIGURATION
    })
@ConditionalOnClass(Flyway.class)
public class PgsafeFlywayAutoConfiguration {
  static final String BOOT3_FLYWAY_AUTO_CONFIGURATION =
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration";
  static final String BOOT4_FLYWAY_AUTO_CONFIGURATION =
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

  /** Spring Boot 3.x. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer")
  static class Boot3 {
    /** Appends {@link PgsafeCallback} with the {@code pgsafe.*} settings to Flyway's callbacks. */
    @Bean
    org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer
        pgsafeFlywayConfigurationCustomizer(Environment environment) {
      CallbackAppender appender = appender(environment);
      return new Boot3Customizer(appender);
    }
  }

  /** Spring Boot 4.x. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer")
  static class Boot4 {
    /** Appends {@link PgsafeCallback} with the {@code pgsafe.*} settings to Flyway's callbacks. */
    @Bean
    org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer
        pgsafeFlywayConfigurationCustomizer(Environment environment) {
      CallbackAppender appender = appender(environment);
      return new Boot4Customizer(appender);
    }
  }

  static CallbackAppender appender(Environment environment) {
    FlywaySettings settings = SpringSettings.load(environment);
    return new CallbackAppender(new PgsafeCallback(settings));
  }
}
