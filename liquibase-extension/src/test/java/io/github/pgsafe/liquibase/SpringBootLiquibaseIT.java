package io.github.pgsafe.liquibase;

import static io.github.pgsafe.liquibase.PgsafeChangesIT.count;
import static io.github.pgsafe.liquibase.PgsafeChangesIT.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot 3.5 application whose Liquibase runs through Boot's own auto-configuration ({@code
 * SpringLiquibase}), with pgsafe-liquibase on the classpath and {@code pgsafe.*} in the
 * application's properties. Runs on Boot's Liquibase (4.31.1) and on 4.33.0.
 */
class SpringBootLiquibaseIT {

  /** The application: nothing but auto-configuration. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {}

  private static ConfigurableApplicationContext start(
      TestDatabase db, String changelog, String... properties) {
    return new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.main.banner-mode=off",
            "spring.datasource.url=" + db.jdbcUrl(),
            "spring.datasource.username=" + db.user(),
            "spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource",
            "spring.liquibase.change-log=classpath:spring/" + changelog)
        .properties(properties)
        .run();
  }

  @Test
  void appliesAPgsafeChangeTypeWithTheTimeoutsOfThePgsafeProperties() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect();
        ConfigurableApplicationContext context =
            start(db, "changelog.yaml", "pgsafe.lock-timeout=70ms", "pgsafe.statementTimeout=9s")) {
      assertThat(context.getBean(SpringLiquibase.class)).isNotNull();
      assertThat(seen(c)).isEqualTo("70ms 9s");
      assertThat(count(c, "SELECT count(*) FROM accounts WHERE plan = 'free'")).isEqualTo(4000);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pgsafe_backfill WHERE status = 'done' AND name LIKE"
                      + " 'liquibase:%spring/changelog.yaml::plan-backfill::spring'"))
          .isEqualTo(1);
    }
  }

  @Test
  void refusesAnUnsafeChangesetSoTheApplicationDoesNotStartAndNothingIsApplied() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, plan text)");
      }
      Exception e = assertThrows(Exception.class, () -> start(db, "unsafe.yaml").close());
      assertThat(messages(e))
          .contains("[pgsafe] adding-not-nullable-field in changeset")
          .contains("unsafe.yaml::plan-not-null::spring (addNotNullConstraint)")
          .contains("Use instead: pgsafe:safeNotNull.");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'audit'")).isZero();
      assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isZero();
    }
  }

  @Test
  void rejectsAnUnknownPgsafePropertyNamingItBeforeLiquibaseRuns() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Exception e =
          assertThrows(
              Exception.class,
              () -> start(db, "changelog.yaml", "pgsafe.lock-timout=70ms").close());
      assertThat(messages(e))
          .contains("unknown pgsafe setting pgsafe.lock-timout; nothing was run.")
          .contains("pgsafe.lock-timeout");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'accounts'")).isZero();
    }
  }

  @Test
  void runsOnTheLiquibaseVersionOfThisExecution() {
    Lb.assertVersionOfThisExecution();
  }

  private static String seen(Connection c) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT lock_timeout || ' ' || statement_timeout FROM seen")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
