package io.github.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lints every SQL file of the third-party corpus in shared/corpus with the real jar: real projects'
 * migrations must neither crash pgsafe nor fall outside what it understands.
 */
class CorpusLintIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Each corpus folder that holds SQL scripts (Fineract's are Liquibase XML changelogs). */
  static List<Path> corpora() throws IOException {
    Path corpus = SharedDir.locate().resolve("corpus");
    List<Path> folders = new ArrayList<>();
    try (Stream<Path> children = Files.list(corpus)) {
      for (Path folder : children.filter(Files::isDirectory).sorted().toList()) {
        if (sqlFiles(folder) > 0) {
          folders.add(folder);
        }
      }
    }
    assertThat(folders).as("corpus folders with SQL in %s", corpus).hasSizeGreaterThan(4);
    return folders;
  }

  @ParameterizedTest
  @MethodSource("corpora")
  void lintsEveryScriptOfTheFolderAndRecognisesEveryStatement(Path folder) throws Exception {
    PgsafeCliIT.Result result = PgsafeCliIT.pgsafe("lint", "--format", "json", folder.toString());

    assertThat(result.exit())
        .as("exit code (0 clean, 1 findings); stderr: %s", result.err())
        .isIn(0, 1);
    assertThat(result.err()).isEmpty();
    JsonNode report = JSON.readTree(result.out());
    assertThat(report.get("summary").get("files").asInt()).isEqualTo(sqlFiles(folder));
    assertThat(report.get("summary").get("statements").asInt()).isPositive();
    List<String> notUnderstood = new ArrayList<>();
    for (JsonNode finding : report.get("findings")) {
      String rule = finding.get("rule").asString();
      if (rule.equals("syntax-error") || rule.equals("unrecognised-statement")) {
        notUnderstood.add(
            rule + " at " + finding.get("file").asString() + ":" + finding.get("line").asInt());
      }
    }
    assertThat(notUnderstood).isEmpty();
  }

  private static long sqlFiles(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".sql"))
          .filter(Files::isRegularFile)
          .count();
    }
  }
}
