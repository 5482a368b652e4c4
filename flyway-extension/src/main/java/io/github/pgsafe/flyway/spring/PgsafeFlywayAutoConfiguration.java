package io.github.pgsafe.flyway.spring;

import io.github.pgsafe.flyway.FlywaySettings;
import io.github.pgsafe.flyway.PgsafeCallback;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * pgsafe for Spring Boot 3.5's Flyway: adding pgsafe-flyway to the application is all it takes.
 * Settings come from {@code pgsafe.*} properties ({@code pgsafe.lock-timeout=80ms}, spelled as in
 * {@link io.github.pgsafe.runtime.SettingSpelling#SPRING}); they are read and validated when the
 * context starts, so a bad or unknown key stops the application before Flyway runs.
 *
 * <p>It runs before Boot's {@code FlywayAutoConfiguration} so the customizer exists when Boot
 * builds Flyway. Boot sets the application's {@code Callback} beans first and then runs the
 * customizers; pgsafe's customizer runs last and appends its callback to whatever is there.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration")
@ConditionalOnClass({Flyway.class, FlywayConfigurationCustomizer.class})
public class PgsafeFlywayAutoConfiguration {

  /** Appends {@link PgsafeCallback} with the {@code pgsafe.*} settings to Flyway's callbacks. */
  @Bean
  FlywayConfigurationCustomizer pgsafeFlywayConfigurationCustomizer(Environment environment) {
    FlywaySettings settings = SpringSettings.load(environment);
    return new CallbackAppender(new PgsafeCallback(settings));
  }
}
