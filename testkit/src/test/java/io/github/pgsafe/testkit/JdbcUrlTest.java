package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void swapsTheDatabaseAndKeepsHostsAndParameters() {
    JdbcUrl url =
        JdbcUrl.parse("jdbc:postgresql://db1:5432,db2:5433/postgres?user=ci&sslmode=disable", "x");

    assertThat(url.withDatabase("pgsafe_test_1").text())
        .isEqualTo("jdbc:postgresql://db1:5432,db2:5433/pgsafe_test_1?user=ci&sslmode=disable");
  }

  @Test
  void acceptsAUrlWithoutDatabaseOrParameters() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost", "x");

    assertThat(url.hosts()).isEqualTo("localhost");
    assertThat(url.database()).isEmpty();
    assertThat(url.withDatabase("d").text()).isEqualTo("jdbc:postgresql://localhost/d");
  }

  @Test
  void findsTheUserParameter() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://h/d?ssl=false&user=mig%40rator", "x").user())
        .contains("mig@rator");
    assertThat(JdbcUrl.parse("jdbc:postgresql://h/d?superuser=no", "x").user()).isEmpty();
  }

  @Test
  void redactsThePassword() {
    JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://h/d?user=u&password=secret&ssl=true", "x");

    assertThat(url.redacted()).isEqualTo("jdbc:postgresql://h/d?user=u&password=***&ssl=true");
    assertThat(url).hasToString(url.redacted());
  }

  @Test
  void rejectsAUrlOfAnotherDatabase() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () ->
                JdbcUrl.parse(
                    "jdbc:mysql://h/d?password=secret",
                    "environment variable PGSAFE_TEST_JDBC_URL"));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_TEST_JDBC_URL is"
                + " jdbc:mysql://h/d?password=***, which is not a PostgreSQL JDBC URL of the form"
                + " jdbc:postgresql://host:port/database. Use, for example,"
                + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }

  @Test
  void rejectsAUrlWithoutHost() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class, () -> JdbcUrl.parse("jdbc:postgresql:///d", "the URL"));

    assertThat(e)
        .hasMessageStartingWith(
            "pgsafe testkit: the URL is jdbc:postgresql:///d, which names no host.");
  }

  @Test
  void buildsLoopbackUrls() {
    assertThat(JdbcUrl.loopback(5499, "postgres").text())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5499/postgres");
  }
}
