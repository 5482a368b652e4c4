package io.github.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgsafe's SARIF validates against the official SARIF 2.1.0 schema (vendored under
 * src/test/resources/sarif, see its README), offline.
 */
class SarifSchemaTest {
  private static Schema sarif;

  @TempDir Path dir;

  @BeforeAll
  static void loadSchema() throws IOException {
    try (InputStream in =
        SarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      assertThat(in).as("vendored SARIF schema").isNotNull();
      sarif = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
  }

  private static List<Error> validate(String document) {
    return sarif.validate(document, InputFormat.JSON);
  }

  private String lintSarif(String script) throws IOException {
    Path file = dir.resolve("V1__migration with space.sql");
    Files.writeString(file, script);
    CliRun run = CliRun.of("lint", "--format", "sarif", file.toString());
    assertThat(run.err()).isEmpty();
    return run.out();
  }

  @Test
  void findingsOfEverySeverityValidate() throws IOException {
    String document =
        lintSarif(
            "CREATE INDEX orders_idx ON orders (customer_id);\n"
                + "-- pgsafe:allow ban-drop-column reason: unused since 2.3\n"
                + "ALTER TABLE orders ADD COLUMN note text;\n"
                + "ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);\n");
    assertThat(document).contains("\"level\":\"error\"").contains("\"level\":\"warning\"");
    assertThat(validate(document)).isEmpty();
  }

  @Test
  void emptyResultValidates() throws IOException {
    String document = lintSarif("SELECT 1;\n");
    assertThat(document).contains("\"results\":[]");
    assertThat(validate(document)).isEmpty();
  }

  @Test
  void syntaxErrorValidates() throws IOException {
    assertThat(validate(lintSarif("SELECT 'unterminated;\n"))).isEmpty();
  }

  @Test
  void rejectsDocumentsThatBreakTheSchema() throws IOException {
    String valid = lintSarif("CREATE INDEX orders_idx ON orders (customer_id);\n");
    assertThat(validate(valid)).isEmpty();
    assertThat(validate(valid.replace("\"level\":\"error\"", "\"level\":\"fatal\"")))
        .as("unknown result level")
        .isNotEmpty();
    assertThat(validate(valid.replace("\"version\":\"2.1.0\"", "\"version\":\"2.0\"")))
        .as("wrong SARIF version")
        .isNotEmpty();
    assertThat(validate(valid.replace("\"startLine\":1", "\"startLine\":0")))
        .as("line numbers are 1-based")
        .isNotEmpty();
    assertThat(validate(valid.replace("\"ruleId\"", "\"rule\"")))
        .as("unknown result property")
        .isNotEmpty();
  }
}
