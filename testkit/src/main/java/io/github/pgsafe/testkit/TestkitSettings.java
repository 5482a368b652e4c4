package io.github.pgsafe.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything the testkit reads from its environment, parsed and checked once. This is the only
 * class that looks at environment variables and system properties.
 *
 * @param source where the server comes from
 * @param jdbcUrl the existing server's URL; present exactly when {@code source} is {@code JDBC_URL}
 * @param user the role to connect as
 * @param major the PostgreSQL major to start (embedded, Testcontainers); an existing server runs
 *     whatever it runs
 * @param majorOrigin where {@code major} came from, for messages
 * @param mavenLocalRepository where to look for binaries that are not on the classpath
 * @param temporaryDirectory {@code java.io.tmpdir}, the parent of the embedded data directory
 */
record TestkitSettings(
    PostgresSource source,
    Optional<JdbcUrl> jdbcUrl,
    String user,
    int major,
    String majorOrigin,
    Path mavenLocalRepository,
    Path temporaryDirectory) {

  static final int DEFAULT_MAJOR = 17;
  static final String DEFAULT_USER = "postgres";

  static final Setting JDBC_URL = new Setting("PGSAFE_TEST_JDBC_URL", "pgsafe.test.jdbc.url");
  static final Setting USER = new Setting("PGSAFE_TEST_USER", "pgsafe.test.user");
  static final Setting SOURCE = new Setting("PGSAFE_TEST_SOURCE", "pgsafe.test.source");
  static final Setting PG_VERSION = new Setting("PGSAFE_PG_VERSION", "pgsafe.pg.version");

  static TestkitSettings fromEnvironment() {
    return parse(System.getenv(), asMap(System.getProperties()), BinariesVersions.load());
  }

  static TestkitSettings parse(
      Map<String, String> environment,
      Map<String, String> systemProperties,
      BinariesVersions binaries) {
    Optional<Setting.Value> url = JDBC_URL.read(environment, systemProperties);
    PostgresSource source = source(SOURCE.read(environment, systemProperties), url);
    Optional<JdbcUrl> jdbcUrl = url.map(v -> JdbcUrl.parse(v.text(), v.origin()));
    String user =
        source == PostgresSource.JDBC_URL
            ? user(jdbcUrl.orElseThrow(), USER.read(environment, systemProperties))
            : DEFAULT_USER;
    Optional<Setting.Value> version = PG_VERSION.read(environment, systemProperties);
    int major = version.map(v -> major(v, binaries)).orElse(DEFAULT_MAJOR);
    String majorOrigin =
        version.map(v -> v.origin() + "=" + v.text()).orElse("the default " + DEFAULT_MAJOR);
    Path home = Path.of(systemProperties.getOrDefault("user.home", "."));
    Path localRepository =
        Optional.ofNullable(systemProperties.get("maven.repo.local"))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(home.resolve(".m2").resolve("repository"));
    Path temporaryDirectory =
        Path.of(
            systemProperties.getOrDefault("java.io.tmpdir", System.getProperty("java.io.tmpdir")));
    return new TestkitSettings(
        source, jdbcUrl, user, major, majorOrigin, localRepository, temporaryDirectory);
  }

  private static PostgresSource source(
      Optional<Setting.Value> requested, Optional<Setting.Value> url) {
    if (requested.isEmpty()) {
      return url.isPresent() ? PostgresSource.JDBC_URL : PostgresSource.EMBEDDED;
    }
    Setting.Value value = requested.get();
    PostgresSource source =
        PostgresSource.fromSettingValue(value.text())
            .orElseThrow(
                () ->
                    new PostgresServerException(
                        "pgsafe testkit: %s=%s is not a source of PostgreSQL servers. Use one of: %s (or leave it unset: %s if set, else embedded)."
                            .formatted(
                                value.origin(),
                                value.text(),
                                PostgresSource.settingValues(),
                                JDBC_URL.environmentVariable())));
    if (source == PostgresSource.JDBC_URL && url.isEmpty()) {
      throw new PostgresServerException(
          "pgsafe testkit: %s=url asks for an existing server, but %s is not set. Set it, for example %s=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"
              .formatted(value.origin(), JDBC_URL.spellings(), JDBC_URL.environmentVariable()));
    }
    if (source != PostgresSource.JDBC_URL && url.isPresent()) {
      throw new PostgresServerException(
          "pgsafe testkit: %s=%s asks for %s, but %s is set too and names an existing server. Unset one of them."
              .formatted(value.origin(), value.text(), source.description(), url.get().origin()));
    }
    return source;
  }

  private static String user(JdbcUrl url, Optional<Setting.Value> setting) {
    Optional<String> fromUrl = url.user();
    if (fromUrl.isPresent() && setting.isPresent() && !fromUrl.get().equals(setting.get().text())) {
      throw new PostgresServerException(
          "pgsafe testkit: the JDBC URL says user=%s but %s=%s. Remove one of them, or make them agree."
              .formatted(fromUrl.get(), setting.get().origin(), setting.get().text()));
    }
    return fromUrl.or(() -> setting.map(Setting.Value::text)).orElse(DEFAULT_USER);
  }

  private static int major(Setting.Value value, BinariesVersions binaries) {
    int major;
    try {
      major = Integer.parseInt(value.text());
    } catch (NumberFormatException e) {
      major = -1;
    }
    if (binaries.forMajor(major).isEmpty()) {
      throw new PostgresServerException(
          "pgsafe testkit: %s=%s is not a supported PostgreSQL major version. Use one of: %s."
              .formatted(value.origin(), value.text(), binaries.majorsList()));
    }
    return major;
  }

  private static Map<String, String> asMap(Properties properties) {
    Map<String, String> map = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }
}
