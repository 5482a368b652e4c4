package io.github.pgsafe.liquibase.spring;

import java.util.Map;
import liquibase.configuration.AbstractMapConfigurationValueProvider;

/**
 * The application's {@code pgsafe.*} properties as a Liquibase configuration source. Its precedence
 * lies between Liquibase's environment variables (150) and system properties (200): an
 * application's configuration wins over a stray {@code LIQUIBASE_PGSAFE_*} variable, and an
 * explicit {@code -Dliquibase.pgsafe.*} still wins over both.
 */
final class SpringValueProvider extends AbstractMapConfigurationValueProvider {
  static final int PRECEDENCE = 175;

  private final Map<String, String> values;

  SpringValueProvider(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  @Override
  public int getPrecedence() {
    return PRECEDENCE;
  }

  @Override
  protected Map<?, ?> getMap() {
    return values;
  }

  @Override
  protected String getSourceDescription() {
    return "Spring property pgsafe.*";
  }
}
