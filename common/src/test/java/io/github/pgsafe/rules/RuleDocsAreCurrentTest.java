package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/rules holds exactly the pages generated from the rules. Regenerate them with {@code ./mvnw
 * -pl common test -Dtest=RuleDocsAreCurrentTest -Dpgsafe.docs.write=true}.
 */
class RuleDocsAreCurrentTest {
  private static final Path DOCS = Path.of("..", "docs", "rules");

  @Test
  void committedRulePagesEqualTheGeneratedOnes() throws IOException {
    Map<String, String> pages = RuleReference.pages();
    if (Boolean.getBoolean("pgsafe.docs.write")) {
      Files.createDirectories(DOCS);
      try (Stream<Path> old = Files.list(DOCS)) {
        for (Path page : old.toList()) {
          Files.delete(page);
        }
      }
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Files.writeString(DOCS.resolve(page.getKey()), page.getValue());
      }
    }
    try (Stream<Path> committed = Files.list(DOCS)) {
      assertThat(committed.map(p -> p.getFileName().toString()))
          .as("pages in docs/rules; regenerate with -Dpgsafe.docs.write=true")
          .containsExactlyInAnyOrderElementsOf(pages.keySet());
    }
    for (Map.Entry<String, String> page : pages.entrySet()) {
      assertThat(Files.readString(DOCS.resolve(page.getKey())))
          .as(
              "docs/rules/%s is out of date; regenerate with -Dpgsafe.docs.write=true",
              page.getKey())
          .isEqualTo(page.getValue());
    }
  }

  @Test
  void ruleIdsAreUniqueAndKebabCase() {
    assertThat(BuiltInRules.docs().stream().map(RuleDoc::id))
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[a-z]+(-[a-z0-9]+)*"));
  }
}
