package io.github.pgsafe.liquibase.spring;

import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * pgsafe for Spring Boot 3.5's Liquibase ({@code SpringLiquibase}): the change types, the guard and
 * the executor come with pgsafe-liquibase on the classpath, as they do for every Liquibase front
 * end; this adds the {@code pgsafe.*} properties ({@code pgsafe.lock-timeout=80ms}). They are read
 * and checked before Liquibase runs, so a bad or unknown key stops the application before any
 * changeset.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration")
@ConditionalOnClass(SpringLiquibase.class)
public class PgsafeLiquibaseAutoConfiguration {

  /** Static: a post-processor must exist before the beans it processes. */
  @Bean
  static BeanPostProcessor pgsafeLiquibaseSettings(Environment environment) {
    return new ProviderRegistration(environment);
  }
}
