package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.catalog.CatalogFacts;
import io.github.pgsafe.catalog.CatalogReader;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.SharedDir;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins pgsafe lint against the measured lock table of postgres-facts.md §1: each of the 56
 * statements, linted on its own against a database shaped like the measured one, gets an
 * error-level finding exactly when the measurement shows it is dangerous on a large table.
 */
class PostgresFactsLintIT {

  /**
   * The statements the measurement shows are dangerous on a large table, each with why. Every other
   * statement is harmless there: no lock, a brief lock, or a lock that blocks no application query
   * (warnings such as require-lock-timeout and ban-drop-column are allowed).
   */
  private static final Map<String, String> DANGEROUS =
      Map.ofEntries(
          Map.entry("08", "SHARE lock on orders for the whole index build"),
          Map.entry("14", "volatile default: rewrite under ACCESS EXCLUSIVE"),
          Map.entry("16", "NOT NULL without default: fails on a non-empty table"),
          Map.entry("18", "stored generated column: rewrite under ACCESS EXCLUSIVE"),
          Map.entry("21", "CHECK scans under ACCESS EXCLUSIVE"),
          Map.entry("24", "UNIQUE builds an index under ACCESS EXCLUSIVE"),
          Map.entry("25", "SET NOT NULL scans under ACCESS EXCLUSIVE"),
          Map.entry("27", "text to varchar(320) rewrites under ACCESS EXCLUSIVE"),
          Map.entry("29", "rename breaks the running application (latency-baseline N5)"),
          Map.entry("30", "rename breaks the running application"),
          Map.entry("34", "ATTACH scans the partition under ACCESS EXCLUSIVE"),
          Map.entry("44", "REINDEX TABLE: SHARE on the table, ACCESS EXCLUSIVE on indexes"),
          Map.entry("46", "VACUUM FULL rewrites under ACCESS EXCLUSIVE"),
          Map.entry("47", "CLUSTER rewrites under ACCESS EXCLUSIVE"),
          Map.entry("48", "explicit ACCESS EXCLUSIVE lock"),
          Map.entry("51", "unbatched backfill holds every row lock until commit"),
          Map.entry("52", "TRUNCATE CASCADE empties unnamed tables under ACCESS EXCLUSIVE"));

  /** The shape of the measured database: the columns whose types decide #26 and #27. */
  private static final String SCHEMA =
      """
      CREATE TABLE users (id bigint PRIMARY KEY, email text, deleted_at timestamptz);
      CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint, user_email varchar(255),
        amount numeric(12,2), reference text, status text, note text, legacy_flag boolean);
      INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 1000) g;
      INSERT INTO orders (user_id, amount, reference, status)
        SELECT 1 + g % 1000, g, 'r' || g, 'new' FROM generate_series(1, 1000) g;
      ANALYZE;
      """;

  private static TestDatabase database;
  private static CatalogFacts catalog;

  @BeforeAll
  static void createMeasuredSchema() throws SQLException {
    database = PostgresServer.shared().createDatabase();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(SCHEMA);
      catalog = CatalogReader.read(connection);
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void flagsExactlyTheStatementsMeasuredAsDangerous() throws IOException {
    LintSettings settings = new LintSettings(PgVersion.of(15), ExecutionModel.PGSAFE, Set.of(), 0);
    Linter linter = new Linter(settings, Optional.of(catalog));
    Map<String, String> corpus = corpus();
    assertThat(corpus).hasSize(56);
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> entry : corpus.entrySet()) {
      List<Finding> errors =
          linter.lint(new SourceFile("#" + entry.getKey(), entry.getValue())).findings().stream()
              .filter(f -> f.severity() == Severity.ERROR)
              .toList();
      boolean dangerous = DANGEROUS.containsKey(entry.getKey());
      if (dangerous && errors.isEmpty()) {
        mismatches.add(
            "#"
                + entry.getKey()
                + " is dangerous ("
                + DANGEROUS.get(entry.getKey())
                + ") but not flagged");
      } else if (!dangerous && !errors.isEmpty()) {
        mismatches.add(
            "#"
                + entry.getKey()
                + " is harmless but flagged: "
                + errors.stream().map(Finding::rule).toList());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void judgesTheNumericWideningByTheLiveColumnType() {
    String widening =
        "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(14,2) USING amount::numeric(14,2);";
    LintSettings settings = LintSettings.defaults(PgVersion.of(15));
    assertThat(
            new Linter(settings, Optional.of(catalog))
                .lint(new SourceFile("V1.sql", widening)).findings().stream().map(Finding::rule))
        .doesNotContain("changing-column-type");
    assertThat(
            new Linter(settings)
                .lint(new SourceFile("V1.sql", widening)).findings().stream().map(Finding::rule))
        .as("without a connection the old type is unknown")
        .contains("changing-column-type");
  }

  @Test
  void downgradesALockFindingOnASmallTableAndSaysWhy() {
    Finding finding =
        new Linter(LintSettings.defaults(PgVersion.of(15)), Optional.of(catalog))
                .lint(
                    new SourceFile("V1.sql", "CREATE INDEX orders_status_idx ON orders (status);"))
                .findings()
                .stream()
                .filter(f -> f.rule().equals("require-concurrent-index-creation"))
                .findFirst()
                .orElseThrow();
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.note().orElseThrow())
        .startsWith("orders is small (")
        .contains("about 1,000 rows")
        .endsWith("downgraded from error.");
  }

  /** The statements of pg-statement-corpus.sql by their {@code -- #NN} number. */
  static Map<String, String> corpus() throws IOException {
    String text = Files.readString(SharedDir.locate().resolve("reference/pg-statement-corpus.sql"));
    Matcher marker = Pattern.compile("(?m)^-- #(\\d\\d) .*$").matcher(text);
    Map<String, String> statements = new TreeMap<>();
    String number = null;
    int start = 0;
    while (marker.find()) {
      if (number != null) {
        statements.put(number, text.substring(start, marker.start()));
      }
      number = marker.group(1);
      start = marker.end();
    }
    statements.put(number, text.substring(start));
    return statements;
  }
}
