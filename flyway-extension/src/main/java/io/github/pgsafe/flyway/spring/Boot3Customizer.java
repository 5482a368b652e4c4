package io.github.pgsafe.flyway.spring;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/** Spring Boot 3's customizer interface over {@link CallbackAppender}. */
final class Boot3Customizer implements FlywayConfigurationCustomizer, Ordered {
  private final CallbackAppender appender;

  Boot3Customizer(CallbackAppender appender) {
    this.appender = appender;
  }

  @Override
  public void customize(FluentConfiguration configuration) {
    appender.append(configuration);
  }

  @Override
  public int getOrder() {
    return CallbackAppender.ORDER;
  }
}
