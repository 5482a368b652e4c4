package io.github.pgsafe.flyway;

import static io.github.pgsafe.flyway.Db.history;
import static io.github.pgsafe.flyway.Db.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Flyway command-line tool (the distribution from Maven Central, unpacked by the {@code
 * flyway-tools} profile) with pgsafe-flyway and pgsafe-common dropped into its {@code lib/}, run as
 * a user runs it: its launcher script, a conf file with {@code flyway.pgsafe.*} keys and {@code
 * FLYWAY_PGSAFE_*} environment variables.
 */
@Tag("flyway-cli")
class FlywayCommandLineIT {
  private static final long RUN_TIMEOUT_SECONDS = 120;

  @TempDir Path dir;
  private TestDatabase db;
  private Path launcher;
  private Path migrations;

  @BeforeEach
  void install() throws IOException {
    Path home = Path.of(System.getProperty("pgsafe.flyway.cli.home"));
    Path jar = Path.of(System.getProperty("pgsafe.flyway.jar"));
    Files.copy(
        jar, home.resolve("lib").resolve("pgsafe-flyway.jar"), StandardCopyOption.REPLACE_EXISTING);
    launcher = home.resolve("flyway");
    migrations = Files.createDirectory(dir.resolve("sql"));
    db = PostgresServer.shared().createDatabase();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private record Run(int exitCode, String output) {}

  private Run flyway(List<String> conf, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    lines.add("flyway.url=" + db.jdbcUrl());
    lines.add("flyway.user=" + db.user());
    lines.add("flyway.locations=filesystem:" + migrations);
    lines.add("flyway.callbacks=io.github.pgsafe.flyway.PgsafeCallback");
    lines.add("flyway.postgresql.transactional.lock=false");
    lines.addAll(conf);
    Path confFile = dir.resolve("pgsafe.conf");
    Files.write(confFile, lines);
    Path output = dir.resolve("output.txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", launcher.toString(), "-configFiles=" + confFile, "migrate")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
    Process process = builder.start();
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "flyway did not end within " + RUN_TIMEOUT_SECONDS + " s:\n" + Files.readString(output));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(text);
    return new Run(process.exitValue(), text);
  }

  private void script(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  @Test
  void appliesAMixedScriptWithSettingsFromConfAndEnvironment() throws Exception {
    script(
        "V1__seen.sql",
        "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,"
            + " current_setting('statement_timeout') AS statement_timeout;\n"
            + "CREATE TABLE users (id bigint PRIMARY KEY, team_id bigint);\n");
    script(
        "V2__mixed.sql",
        """
        ALTER TABLE users ADD COLUMN note text;
        CREATE INDEX CONCURRENTLY users_team_idx ON users (team_id);
        ALTER TABLE users ADD COLUMN status text;
        """);

    Run run =
        flyway(
            List.of("flyway.pgsafe.lockTimeout=70ms"),
            Map.of("FLYWAY_PGSAFE_STATEMENT_TIMEOUT", "9s"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"))
          .isEqualTo("70ms 9s");
      assertThat(
              single(
                  c,
                  "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_team_idx'::regclass"))
          .isEqualTo("t");
      assertThat(history(c)).isEqualTo("1:true 2:true");
    }
  }

  @Test
  void refusesAnUnsafeMigrationWithNothingApplied() throws Exception {
    script("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, name text);\n");
    assertThat(flyway(List.of(), Map.of()).exitCode()).isZero();
    script("V2__audit.sql", "CREATE TABLE audit (id bigint);\n");
    script("V3__rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n");

    Run run = flyway(List.of(), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains("pgsafe stopped migrate before anything was applied")
        .contains("V3__rename.sql:1")
        .contains("renaming-column");
    try (Connection c = db.connect()) {
      assertThat(history(c)).isEqualTo("1:true");
      assertThat(single(c, "SELECT to_regclass('audit') IS NULL")).isEqualTo("t");
    }

    // FLYWAY_PGSAFE_FAIL_ON_UNSAFE=false turns the refusal into a warning.
    Run allowed = flyway(List.of(), Map.of("FLYWAY_PGSAFE_FAIL_ON_UNSAFE", "false"));
    assertThat(allowed.exitCode()).as(allowed.output()).isZero();
    try (Connection c = db.connect()) {
      assertThat(history(c)).isEqualTo("1:true 2:true 3:true");
    }
  }

  @Test
  void rejectsAnUnknownPgsafeKeyNamingIt() throws Exception {
    script("V1__users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n");

    Run run = flyway(List.of("flyway.pgsafe.lockTimout=70ms"), Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("flyway.pgsafe.lockTimout");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('users') IS NULL")).isEqualTo("t");
    }
  }
}
