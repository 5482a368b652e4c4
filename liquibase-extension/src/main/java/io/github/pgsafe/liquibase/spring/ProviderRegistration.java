package io.github.pgsafe.liquibase.spring;

import java.util.concurrent.atomic.AtomicBoolean;
import liquibase.Scope;
import liquibase.configuration.LiquibaseConfiguration;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Puts the {@code pgsafe.*} properties into Liquibase's configuration just before the first {@link
 * SpringLiquibase} bean runs its update, and takes them out when the context closes. Liquibase's
 * configuration is one per JVM, so two contexts that run Liquibase at the same time with different
 * {@code pgsafe.*} values would see each other's; one application context is the normal case.
 */
final class ProviderRegistration implements BeanPostProcessor, DisposableBean {
  private final Environment environment;
  private final AtomicBoolean registered = new AtomicBoolean();
  private volatile SpringValueProvider provider;

  ProviderRegistration(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof SpringLiquibase && registered.compareAndSet(false, true)) {
      provider = new SpringValueProvider(SpringSettings.liquibaseValues(environment));
      configuration().registerProvider(provider);
    }
    return bean;
  }

  @Override
  public void destroy() {
    SpringValueProvider current = provider;
    if (current != null) {
      configuration().unregisterProvider(current);
    }
  }

  private static LiquibaseConfiguration configuration() {
    return Scope.getCurrentScope().getSingleton(LiquibaseConfiguration.class);
  }
}
