package io.github.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.rules.RuleReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PgsafeCliTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private Path migrations;

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

  private Path clean() throws IOException {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Files.writeString(
        clean.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
    return clean;
  }

  private static String s(Path path) {
    return path.toString();
  }

  @Test
  void printsUsageForHelp() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("Usage: pgsafe <command>").contains("--jdbc-url URL");
    assertThat(CliRun.of("lint", "--help").out()).isEqualTo(run.out());
  }

  @Test
  void printsVersion() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).matches("pgsafe \\S+\\n");
  }

  @Test
  void rejectsMissingCommandWithUsageOnStderr() {
    CliRun run = CliRun.of();
    assertThat(run.exit()).isEqualTo(PgsafeCli.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("Usage: pgsafe");
  }

  @Test
  void rejectsUnknownCommand() {
    CliRun run = CliRun.of("check", "x.sql");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "pgsafe: unknown command 'check'; use lint, explain or docs (pgsafe --help lists"
                + " them)\n");
  }

  @Test
  void passesCleanMigrationsWithExitZero() throws IOException {
    CliRun run = CliRun.of("lint", s(clean()));
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo("0 error(s), 0 warning(s), 0 info in 1 file(s), 1 statement(s)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void failsWithExitOneOnErrorFinding() {
    CliRun run = CliRun.of("lint", s(migrations));
    assertThat(run.exit()).isEqualTo(PgsafeCli.EXIT_FINDINGS);
    assertThat(run.out())
        .contains(
            s(migrations.resolve("V2__orders_customer_idx.sql"))
                + ":2:1: error require-concurrent-index-creation")
        .contains("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);")
        .endsWith("1 error(s), 0 warning(s), 0 info in 2 file(s), 3 statement(s)\n");
  }

  @Test
  void writesJsonReportWithSchemaVersionOne() {
    CliRun run = CliRun.of("lint", "--format", "json", s(migrations));
    assertThat(run.exit()).isEqualTo(1);
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(report.get("summary").get("errors").asInt()).isEqualTo(1);
    assertThat(report.get("summary").get("passed").asBoolean()).isFalse();
    JsonNode finding = report.get("findings").get(0);
    assertThat(finding.get("rule").asString()).isEqualTo("require-concurrent-index-creation");
    assertThat(finding.get("line").asInt()).isEqualTo(2);
  }

  @Test
  void writesReportsAsUtf8WhateverTheOutputEncoding() throws IOException {
    Path script =
        Files.writeString(
            dir.resolve("V3__unicode.sql"), "CREATE INDEX \"idx_café\" ON \"überall\" (név);\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream ascii = new PrintStream(bytes, true, StandardCharsets.US_ASCII)) {
      new PgsafeCli(ascii, ascii).run("lint", "--format", "json", s(script));
    }
    JsonNode finding = JSON.readTree(bytes.toString(StandardCharsets.UTF_8)).get("findings").get(0);
    assertThat(finding.get("statement").asString())
        .isEqualTo("CREATE INDEX \"idx_café\" ON \"überall\" (név)");
  }

  @Test
  void writesSarif() {
    CliRun run = CliRun.of("lint", "--format=sarif", s(migrations));
    assertThat(run.exit()).isEqualTo(1);
    JsonNode sarif = JSON.readTree(run.out());
    assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
    assertThat(sarif.get("runs").get(0).get("results").get(0).get("ruleId").asString())
        .isEqualTo("require-concurrent-index-creation");
  }

  @Test
  void rejectsUnknownFormat() {
    CliRun run = CliRun.of("lint", "--format", "xml", s(migrations));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("pgsafe: --format: unknown report format 'xml'; use text, json or sarif\n");
  }

  @Test
  void ordersDirectoryInFlywayVersionOrder() throws IOException {
    Path ordered = Files.createDirectories(dir.resolve("ordered/nested"));
    for (String name :
        List.of("R__view.sql", "V10__j.sql", "V2__b.sql", "V1.1__a2.sql", "V1__a.sql")) {
      Files.writeString(ordered.resolve(name), "SELECT 1;\n");
    }
    Files.writeString(ordered.resolve("notes.txt"), "not a migration");
    CliRun run = CliRun.of("explain", "--format", "json", s(ordered.getParent()));
    assertThat(run.exit()).isZero();
    List<String> files = new ArrayList<>();
    JSON.readTree(run.out())
        .forEach(op -> files.add(Path.of(op.get("file").asString()).getFileName().toString()));
    assertThat(files)
        .containsExactly("V1__a.sql", "V1.1__a2.sql", "V2__b.sql", "V10__j.sql", "R__view.sql");
  }

  @Test
  void flagsConcurrentIndexInTransactionModeOnly() throws IOException {
    Path file = dir.resolve("V3__cic.sql");
    Files.writeString(
        file,
        "SET lock_timeout = '100ms';\n"
            + "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n");
    assertThat(CliRun.of("lint", "--mode", "pgsafe", s(file)).exit()).isZero();
    assertThat(CliRun.of("lint", "--mode", "autocommit", s(file)).exit()).isZero();
    CliRun inTransaction = CliRun.of("lint", "--mode", "transaction", s(file));
    assertThat(inTransaction.exit()).isEqualTo(1);
    assertThat(inTransaction.out()).contains("error ban-non-transactional-in-transaction");
  }

  @Test
  void rejectsUnknownMode() {
    CliRun run = CliRun.of("lint", "--mode", "batch", s(migrations));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "pgsafe: --mode: unknown execution model 'batch'; use pgsafe, transaction or"
                + " autocommit\n");
  }

  @Test
  void appliesPgVersionToVersionDependentRules() throws IOException {
    Path file = dir.resolve("V4__default.sql");
    Files.writeString(
        file,
        "SET lock_timeout = '100ms';\nALTER TABLE orders ADD COLUMN status text DEFAULT 'new';\n");
    assertThat(CliRun.of("lint", "--pg-version", "14", s(file)).exit()).isZero();
    CliRun old = CliRun.of("lint", "--pg-version", "10", s(file));
    assertThat(old.exit()).isEqualTo(1);
    assertThat(old.out()).contains("error adding-field-with-default");
    assertThat(CliRun.of("lint", "--pg-version", "16.4", s(file)).exit()).isZero();
  }

  @Test
  void rejectsBadPgVersion() {
    CliRun banana = CliRun.of("lint", "--pg-version", "banana", s(migrations));
    assertThat(banana.exit()).isEqualTo(2);
    assertThat(banana.err())
        .isEqualTo(
            "pgsafe: --pg-version 'banana' is not a PostgreSQL major version; use e.g. 14 or"
                + " 17\n");
    CliRun outOfRange = CliRun.of("explain", "--pg-version", "7", s(migrations));
    assertThat(outOfRange.exit()).isEqualTo(2);
    assertThat(outOfRange.err()).startsWith("pgsafe: --pg-version: PostgreSQL major version 7");
  }

  @Test
  void disablesRules() {
    CliRun run =
        CliRun.of(
            "lint",
            "--disable",
            "require-concurrent-index-creation, require-lock-timeout",
            s(migrations));
    assertThat(run.exit()).isZero();
    assertThat(run.out()).doesNotContain("require-concurrent-index-creation");
  }

  @Test
  void rejectsUnknownRuleId() {
    CliRun run = CliRun.of("lint", "--disable", "require-concurrent-index", s(migrations));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "pgsafe: --disable: unknown rule 'require-concurrent-index'; known rules:"
                + " require-concurrent-index-creation, ");
  }

  @Test
  void rejectsMissingPath() {
    CliRun missing = CliRun.of("lint", s(dir.resolve("nope")));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("pgsafe: no such file or directory: " + dir.resolve("nope") + "\n");
    CliRun none = CliRun.of("lint", "--format", "json");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo("pgsafe: no PATH given: name at least one .sql file or directory\n");
  }

  @Test
  void rejectsDirectoryWithoutScripts() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun run = CliRun.of("lint", s(empty));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("pgsafe: found no *.sql file in directory " + empty + "\n");
  }

  @Test
  void rejectsFileThatIsNotUtf8() throws IOException {
    Path latin1 = dir.resolve("V9__latin1.sql");
    Files.write(latin1, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xe9, '\''});
    CliRun run = CliRun.of("lint", s(latin1));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("pgsafe: cannot read " + latin1 + ": it is not UTF-8 text\n");
  }

  @Test
  void rejectsUnknownOptionAndMissingValueAndRepeats() {
    CliRun unknown = CliRun.of("lint", "--pg", "15", s(migrations));
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "pgsafe: unknown option '--pg' for 'pgsafe lint'; it accepts --pg-version, --format,"
                + " --mode, --jdbc-url, --disable (see pgsafe lint --help)\n");
    CliRun shortOption = CliRun.of("lint", "-f", "json", s(migrations));
    assertThat(shortOption.exit()).isEqualTo(2);
    CliRun noValue = CliRun.of("lint", s(migrations), "--format");
    assertThat(noValue.exit()).isEqualTo(2);
    assertThat(noValue.err()).isEqualTo("pgsafe: option '--format' needs a value\n");
    CliRun twice = CliRun.of("lint", "--format", "json", "--format", "text", s(migrations));
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).isEqualTo("pgsafe: option '--format' is given more than once\n");
    CliRun explainJdbc = CliRun.of("explain", "--jdbc-url", "jdbc:postgresql://x/y", "a.sql");
    assertThat(explainJdbc.exit()).isEqualTo(2);
  }

  @Test
  void treatsArgumentsAfterDoubleDashAsPaths() throws IOException {
    Path odd = dir.resolve("--odd.sql");
    Files.writeString(odd, "SELECT 1;\n");
    assertThat(CliRun.of("lint", "--", s(odd)).exit()).isZero();
  }

  @Test
  void rejectsJdbcUrlOfAnotherDatabase() {
    CliRun run =
        CliRun.of(
            "lint", "--jdbc-url", "jdbc:mysql://db/app?user=u&password=secret", s(migrations));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "pgsafe: --jdbc-url must start with jdbc:postgresql: (got"
                + " jdbc:mysql://db/app?user=u&password=<masked>)\n");
  }

  @Test
  void reportsUnreachableDatabaseWithExitTwoAndMaskedPassword() {
    CliRun run =
        CliRun.of(
            "lint",
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:1/app?user=u&password=secret&connectTimeout=2",
            s(migrations));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "pgsafe: cannot read the catalog of"
                + " jdbc:postgresql://127.0.0.1:1/app?user=u&password=<masked>&connectTimeout=2: ")
        .endsWith("Nothing was linted.\n")
        .doesNotContain("secret");
  }

  @Test
  void explainsLocksEffectsAndTransactionality() throws IOException {
    Path file = dir.resolve("V5__explain.sql");
    Files.writeString(
        file,
        "ALTER TABLE orders ALTER COLUMN customer_id TYPE text;\n"
            + "CREATE INDEX CONCURRENTLY orders_idx ON orders (id);\n");
    CliRun json = CliRun.of("explain", "--format", "json", s(file));
    assertThat(json.exit()).isZero();
    JsonNode ops = JSON.readTree(json.out());
    assertThat(ops).hasSize(2);
    JsonNode alter = ops.get(0);
    assertThat(alter.get("file").asString()).isEqualTo(s(file));
    assertThat(alter.get("line").asInt()).isEqualTo(1);
    assertThat(alter.get("kind").asString()).isEqualTo("ALTER_TABLE");
    assertThat(alter.get("locks").get(0).get("relation").asString()).isEqualTo("orders");
    assertThat(alter.get("locks").get(0).get("mode").asString()).isEqualTo("AccessExclusiveLock");
    assertThat(alter.get("effects").get(0).get("effect").asString()).isEqualTo("REWRITE");
    assertThat(alter.get("transactional").asBoolean()).isTrue();
    JsonNode cic = ops.get(1);
    assertThat(cic.get("line").asInt()).isEqualTo(2);
    assertThat(cic.get("locks").get(0).get("mode").asString())
        .isEqualTo("ShareUpdateExclusiveLock");
    assertThat(cic.get("transactional").asBoolean()).isFalse();

    CliRun text = CliRun.of("explain", s(file));
    assertThat(text.exit()).isZero();
    assertThat(text.out())
        .contains(s(file) + ":2  CREATE_INDEX  in a transaction: not allowed\n")
        .contains("  lock    orders ShareUpdateExclusiveLock\n")
        .endsWith("2 statement(s) in 1 file(s)\n");
  }

  @Test
  void rejectsExplainFormatSarifAndUnsplittableScript() throws IOException {
    assertThat(CliRun.of("explain", "--format", "sarif", s(migrations)).exit()).isEqualTo(2);
    Path broken = dir.resolve("V6__broken.sql");
    Files.writeString(broken, "SELECT 'unterminated;\n");
    CliRun run = CliRun.of("explain", s(broken));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("pgsafe: cannot explain " + broken + ": ");
    CliRun lint = CliRun.of("lint", s(broken));
    assertThat(lint.exit()).isEqualTo(1);
    assertThat(lint.out()).contains("error syntax-error");
  }

  @Test
  void writesRuleReference() throws IOException {
    Path out = dir.resolve("docs/rules");
    CliRun run = CliRun.of("docs", "--out", s(out));
    assertThat(run.exit()).isZero();
    Map<String, String> pages = RuleReference.pages();
    assertThat(run.out()).isEqualTo("wrote " + pages.size() + " pages to " + out + "\n");
    for (Map.Entry<String, String> page : pages.entrySet()) {
      assertThat(out.resolve(page.getKey())).hasContent(page.getValue());
    }
    assertThat(CliRun.of("docs", "extra").exit()).isEqualTo(2);
  }
}
