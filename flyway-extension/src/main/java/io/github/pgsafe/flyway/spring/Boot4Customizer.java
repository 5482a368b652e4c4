package io.github.pgsafe.flyway.spring;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/** Spring Boot 4's customizer interface over {@link CallbackAppender}. */
final class Boot4Customizer implements FlywayConfigurationCustomizer, Ordered {
  private final CallbackAppender appender;

  Boot4Customizer(CallbackAppender appender) {
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
