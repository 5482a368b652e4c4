package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestkitSettingsTest {
  private static final BinariesVersions VERSIONS =
      new BinariesVersions(new TreeMap<>(Map.of(14, "14.24.0", 17, "17.11.0", 18, "18.6.0")));
  private static final Map<String, String> JVM =
      Map.of("user.home", "/home/dev", "java.io.tmpdir", "/var/tmp");

  private static TestkitSettings parse(Map<String, String> environment) {
    return TestkitSettings.parse(environment, JVM, VERSIONS);
  }

  @Test
  void defaultsToEmbeddedPostgres17AsPostgres() {
    TestkitSettings settings = parse(Map.of());

    assertThat(settings.source()).isEqualTo(PostgresSource.EMBEDDED);
    assertThat(settings.major()).isEqualTo(17);
    assertThat(settings.majorOrigin()).isEqualTo("the default 17");
    assertThat(settings.user()).isEqualTo("postgres");
    assertThat(settings.jdbcUrl()).isEmpty();
    assertThat(settings.mavenLocalRepository()).isEqualTo(Path.of("/home/dev/.m2/repository"));
    assertThat(settings.temporaryDirectory()).isEqualTo(Path.of("/var/tmp"));
  }

  @Test
  void usesTheServerAtTheJdbcUrlWhenOneIsSet() {
    TestkitSettings settings =
        parse(Map.of("PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db:5432/postgres?user=ci"));

    assertThat(settings.source()).isEqualTo(PostgresSource.JDBC_URL);
    assertThat(settings.jdbcUrl().orElseThrow().hosts()).isEqualTo("db:5432");
    assertThat(settings.user()).isEqualTo("ci");
  }

  @Test
  void readsTheJdbcUrlFromTheSystemPropertyToo() {
    TestkitSettings settings =
        TestkitSettings.parse(
            Map.of(),
            Map.of("pgsafe.test.jdbc.url", "jdbc:postgresql://db/postgres", "user.home", "/h"),
            VERSIONS);

    assertThat(settings.source()).isEqualTo(PostgresSource.JDBC_URL);
    assertThat(settings.user()).isEqualTo("postgres");
  }

  @Test
  void takesTheUserFromPgsafeTestUserWhenTheUrlHasNone() {
    TestkitSettings settings =
        parse(
            Map.of(
                "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db/postgres",
                "PGSAFE_TEST_USER", "migrator"));

    assertThat(settings.user()).isEqualTo("migrator");
  }

  @Test
  void rejectsAUrlUserThatDisagreesWithPgsafeTestUser() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () ->
                parse(
                    Map.of(
                        "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db/postgres?user=ci",
                        "PGSAFE_TEST_USER", "migrator")));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: the JDBC URL says user=ci but environment variable PGSAFE_TEST_USER=migrator."
                + " Remove one of them, or make them agree.");
  }

  @Test
  void selectsTheMajorFromPgsafePgVersion() {
    TestkitSettings settings = parse(Map.of("PGSAFE_PG_VERSION", "14"));

    assertThat(settings.major()).isEqualTo(14);
    assertThat(settings.majorOrigin()).isEqualTo("environment variable PGSAFE_PG_VERSION=14");
  }

  @Test
  void selectsTheMajorFromTheSystemPropertyThatFailsafePasses() {
    TestkitSettings settings =
        TestkitSettings.parse(Map.of(), Map.of("pgsafe.pg.version", "18"), VERSIONS);

    assertThat(settings.major()).isEqualTo(18);
  }

  @Test
  void acceptsTheSameMajorInTheEnvironmentAndTheSystemProperty() {
    TestkitSettings settings =
        TestkitSettings.parse(
            Map.of("PGSAFE_PG_VERSION", "14"), Map.of("pgsafe.pg.version", " 14 "), VERSIONS);

    assertThat(settings.major()).isEqualTo(14);
  }

  @Test
  void rejectsDifferentMajorsInTheEnvironmentAndTheSystemProperty() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () ->
                TestkitSettings.parse(
                    Map.of("PGSAFE_PG_VERSION", "14"),
                    Map.of("pgsafe.pg.version", "17"),
                    VERSIONS));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_PG_VERSION=14 and system property"
                + " pgsafe.pg.version=17 disagree. Set only one of them, or give both the same value.");
  }

  @Test
  void rejectsAnUnsupportedMajor() {
    PostgresServerException e =
        assertThrows(PostgresServerException.class, () -> parse(Map.of("PGSAFE_PG_VERSION", "19")));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_PG_VERSION=19 is not a supported PostgreSQL"
                + " major version. Use one of: 14, 17, 18.");
  }

  @Test
  void rejectsAFullVersionWhereAMajorIsExpected() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class, () -> parse(Map.of("PGSAFE_PG_VERSION", "17.11")));

    assertThat(e).hasMessageContaining("PGSAFE_PG_VERSION=17.11 is not a supported");
  }

  @Test
  void treatsBlankValuesAsUnset() {
    TestkitSettings settings =
        parse(
            Map.of("PGSAFE_TEST_JDBC_URL", " ", "PGSAFE_PG_VERSION", "", "PGSAFE_TEST_SOURCE", ""));

    assertThat(settings.source()).isEqualTo(PostgresSource.EMBEDDED);
    assertThat(settings.major()).isEqualTo(17);
  }

  @Test
  void usesTestcontainersOnlyWhenAskedFor() {
    TestkitSettings settings =
        parse(Map.of("PGSAFE_TEST_SOURCE", "testcontainers", "PGSAFE_PG_VERSION", "18"));

    assertThat(settings.source()).isEqualTo(PostgresSource.TESTCONTAINERS);
    assertThat(settings.major()).isEqualTo(18);
    assertThat(settings.user()).isEqualTo("postgres");
  }

  @Test
  void rejectsTestcontainersTogetherWithAJdbcUrl() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () ->
                parse(
                    Map.of(
                        "PGSAFE_TEST_SOURCE", "testcontainers",
                        "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://db/postgres")));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_TEST_SOURCE=testcontainers asks for a"
                + " Testcontainers container, but environment variable PGSAFE_TEST_JDBC_URL is set"
                + " too and names an existing server. Unset one of them.");
  }

  @Test
  void rejectsSourceUrlWithoutAJdbcUrl() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class, () -> parse(Map.of("PGSAFE_TEST_SOURCE", "url")));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_TEST_SOURCE=url asks for an existing server,"
                + " but PGSAFE_TEST_JDBC_URL (or -Dpgsafe.test.jdbc.url) is not set. Set it, for"
                + " example PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }

  @Test
  void rejectsAnUnknownSource() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class, () -> parse(Map.of("PGSAFE_TEST_SOURCE", "docker")));

    assertThat(e)
        .hasMessage(
            "pgsafe testkit: environment variable PGSAFE_TEST_SOURCE=docker is not a source of"
                + " PostgreSQL servers. Use one of: url, testcontainers, embedded (or leave it unset:"
                + " PGSAFE_TEST_JDBC_URL if set, else embedded).");
  }

  @Test
  void readsTheLocalRepositoryFromMavenRepoLocal() {
    TestkitSettings settings =
        TestkitSettings.parse(
            Map.of(), Map.of("maven.repo.local", "/cache/m2", "user.home", "/h"), VERSIONS);

    assertThat(settings.mavenLocalRepository()).isEqualTo(Path.of("/cache/m2"));
  }

  @Test
  void hidesPasswordsWhenTwoUrlsDisagree() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () ->
                TestkitSettings.parse(
                    Map.of("PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://a/p?password=s3cret"),
                    Map.of("pgsafe.test.jdbc.url", "jdbc:postgresql://b/p?user=x&password=other"),
                    VERSIONS));

    assertThat(e.getMessage())
        .contains("jdbc:postgresql://a/p?password=***")
        .contains("jdbc:postgresql://b/p?user=x&password=***")
        .doesNotContain("s3cret", "other");
  }
}
