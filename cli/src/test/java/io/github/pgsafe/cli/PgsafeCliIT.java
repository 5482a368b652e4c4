package io.github.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the real {@code java -jar cli/target/pgsafe.jar} as a child process. */
class PgsafeCliIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path JAR = Path.of("target/pgsafe.jar");

  @TempDir Path dir;
  private Path migrations;

  record Result(int exit, String out, String err) {}

  static Result pgsafe(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the shaded jar (mvn package builds it)").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("pgsafe-out", ".txt");
    Path err = Files.createTempFile("pgsafe-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("pgsafe finished").isTrue();
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @BeforeEach
  void writeMigrations() throws IOException {
    migrations = Files.createDirectories(dir.resolve("db/migration"));
    Files.writeString(
        migrations.resolve("V1__orders.sql"),
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n");
    Files.writeString(
        migrations.resolve("V2__orders_customer_idx.sql"),
        "SET lock_timeout = '100ms';\n"
            + "CREATE INDEX orders_customer_idx ON orders (customer_id);\n");
  }

  @Test
  void exitsOneWithParsableJsonOnErrorFinding() throws Exception {
    Result result = pgsafe("lint", "--format", "json", migrations.toString());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEmpty();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(report.get("tool").get("version").asString()).isNotEqualTo("dev");
    assertThat(report.get("findings").get(0).get("rule").asString())
        .isEqualTo("require-concurrent-index-creation");
  }

  @Test
  void exitsZeroWhenClean() throws Exception {
    Result result =
        pgsafe("lint", "--disable", "require-concurrent-index-creation", migrations.toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out())
        .endsWith("0 error(s), 0 warning(s), 0 info in 2 file(s), 3 statement(s)\n");
  }

  @Test
  void exitsTwoOnBadUsage() throws Exception {
    Result result = pgsafe("lint", "--pg-version", "banana", migrations.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("pgsafe: --pg-version 'banana'");
    assertThat(pgsafe("lint", dir.resolve("missing").toString()).exit()).isEqualTo(2);
  }

  @Test
  void printsVersionFromManifest() throws Exception {
    Result result = pgsafe("--version");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).matches("pgsafe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
  }

  @Test
  void launcherIsRunnableAndStartsTheJar() throws Exception {
    Path launcher = Path.of("target/pgsafe");
    assertThat(Files.isExecutable(launcher)).as("%s is executable", launcher).isTrue();
    Process process = new ProcessBuilder(launcher.toString(), "--version").start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher finished").isTrue();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .startsWith("pgsafe ");
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void explainsAsJson() throws Exception {
    Result result = pgsafe("explain", "--format", "json", migrations.toString());
    assertThat(result.exit()).isZero();
    JsonNode ops = JSON.readTree(result.out());
    assertThat(ops).hasSize(3);
    assertThat(ops.get(2).get("kind").asString()).isEqualTo("CREATE_INDEX");
    assertThat(ops.get(2).get("locks").get(0).get("mode").asString()).isEqualTo("ShareLock");
  }

  @Test
  void downgradesFindingOnSmallTableWithJdbcUrl() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase()) {
      try (Connection connection = db.connect();
          Statement sql = connection.createStatement()) {
        sql.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)");
        sql.execute("INSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 100) g");
        sql.execute("ANALYZE orders");
      } catch (SQLException e) {
        throw new AssertionError("could not prepare " + db, e);
      }
      Path index = migrations.resolve("V2__orders_customer_idx.sql");
      Result offline = pgsafe("lint", "--format", "json", index.toString());
      assertThat(offline.exit()).isEqualTo(1);

      String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
      Result online = pgsafe("lint", "--format", "json", "--jdbc-url", url, index.toString());
      assertThat(online.err()).isEmpty();
      assertThat(online.exit()).isZero();
      JsonNode finding = JSON.readTree(online.out()).get("findings").get(0);
      assertThat(finding.get("rule").asString()).isEqualTo("require-concurrent-index-creation");
      assertThat(finding.get("severity").asString()).isEqualTo("warning");
      assertThat(finding.get("note").asString())
          .startsWith("orders is small")
          .contains("downgraded from error");
    }
  }
}
