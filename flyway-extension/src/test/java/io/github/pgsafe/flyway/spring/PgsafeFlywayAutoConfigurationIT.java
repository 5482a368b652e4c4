package io.github.pgsafe.flyway.spring;

import static io.github.pgsafe.flyway.Db.messages;
import static io.github.pgsafe.flyway.Db.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Spring Boot application (auto-configuration discovered from the imports file, Boot's own
 * DataSource and Flyway auto-configuration) with pgsafe-flyway on the class path and nothing but
 * {@code pgsafe.*} properties, against a real PostgreSQL. Runs on the Flyway of Spring Boot 3.5
 * (failsafe execution {@code flyway-11-boot35}) and on the one pgsafe compiles against.
 */
@Tag("spring-boot")
class PgsafeFlywayAutoConfigurationIT {
  @TempDir Path dir;
  private TestDatabase db;

  /**
   * The application: only its own callback bean; Flyway and pgsafe come from auto-configuration.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {
    final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @Bean
    Callback recordingCallback() {
      return recording(events);
    }
  }

  /**
   * The application's own Flyway callback, which pgsafe must not drop. A proxy rather than a class:
   * a callback class compiled against pgsafe's Flyway (11.20.3) has bridge methods naming
   * GenericCallback, which Spring's bean introspection cannot load on Boot 3.5's Flyway 11.7.2. An
   * application compiled against its own Flyway has no such methods.
   */
  private static Callback recording(List<Event> events) {
    InvocationHandler handler =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "supports" -> args[0] == Event.BEFORE_MIGRATE || args[0] == Event.AFTER_MIGRATE;
              case "canHandleInTransaction" -> true;
              case "handle" -> events.add((Event) args[0]);
              // Callbacks run in name order: "app" runs before "pgsafe".
              case "getCallbackName" -> "app";
              case "toString" -> "app callback";
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> throw new UnsupportedOperationException(method.getName());
            };
    return (Callback)
        Proxy.newProxyInstance(
            Callback.class.getClassLoader(), new Class<?>[] {Callback.class}, handler);
  }

  @BeforeEach
  void database() {
    db = PostgresServer.shared().createDatabase();
    System.out.println(
        "Flyway from " + Flyway.class.getProtectionDomain().getCodeSource().getLocation());
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(Application.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .properties(
            "spring.datasource.url=" + db.jdbcUrl(),
            "spring.datasource.username=" + db.user(),
            "spring.flyway.locations=filesystem:" + dir)
        .properties(properties)
        .run();
  }

  private void script(String name, String sql) throws IOException {
    Files.writeString(dir.resolve(name), sql);
  }

  @Test
  void setsLockTimeoutFromPgsafePropertiesAndKeepsTheApplicationsCallback() throws Exception {
    script(
        "V1__seen.sql",
        "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,"
            + " current_setting('statement_timeout') AS statement_timeout;\n");

    // Spring's own spelling and the camelCase one of the settings table both bind.
    try (ConfigurableApplicationContext context =
        start("pgsafe.lock-timeout=70ms", "pgsafe.statementTimeout=9s")) {
      assertThat(context.getBean(Application.class).events)
          .containsExactly(Event.BEFORE_MIGRATE, Event.AFTER_MIGRATE);
    }

    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"))
          .isEqualTo("70ms 9s");
    }
  }

  @Test
  void refusesAnUnsafeMigrationAtStartupWithNothingApplied() throws Exception {
    script("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);\n");
    script("V2__rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");

    Exception e = assertThrows(Exception.class, this::start);

    assertThat(messages(e))
        .contains("pgsafe stopped migrate before anything was applied")
        .contains("V2__rename.sql:1")
        .contains("renaming-column");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('users') IS NULL")).isEqualTo("t");
    }

    // pgsafe.fail-on-unsafe=false turns the refusal into a warning.
    start("pgsafe.fail-on-unsafe=false").close();
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT count(*) FROM flyway_schema_history WHERE success"))
          .isEqualTo("2");
    }
  }

  @Test
  void rejectsAnUnknownPgsafePropertyNamingIt() throws Exception {
    script("V1__users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n");

    Exception e = assertThrows(Exception.class, () -> start("pgsafe.lock-timout=70ms"));

    assertThat(messages(e))
        .contains("unknown pgsafe setting pgsafe.lock-timout; nothing was run. Known settings:")
        .contains("pgsafe.lock-timeout, ")
        .contains(", pgsafe.fail-on-unsafe.");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('users') IS NULL")).isEqualTo("t");
    }
  }

  @Test
  void rejectsAnInvalidValueNamingTheProperty() {
    Exception e = assertThrows(Exception.class, () -> start("pgsafe.lock-timeout=30s"));

    assertThat(messages(e)).contains("lockTimeout is 30s (from pgsafe.lock-timeout)");
  }
}
