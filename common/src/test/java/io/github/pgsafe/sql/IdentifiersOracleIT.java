package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link Identifiers} against the key words of PostgreSQL 18's own scanner (libpg-query). */
class IdentifiersOracleIT {
  /** The categories that ColId, PostgreSQL's grammar for a column name, does not accept. */
  private static final Set<String> NOT_A_COLUMN_NAME =
      Set.of("RESERVED_KEYWORD", "TYPE_FUNC_NAME_KEYWORD");

  @Test
  void quotesExactlyTheKeyWordsThatPostgresRejectsAsColumnNames() throws IOException {
    Map<String, String> keywords = PgParserOracle.forTests().keywords();
    assertThat(keywords).as("PostgreSQL 18 has about 490 key words").hasSizeGreaterThan(450);

    Set<String> quoted = new TreeSet<>();
    Set<String> mustBeQuoted = new TreeSet<>();
    keywords.forEach(
        (word, category) -> {
          if (!Identifiers.quoteIfNeeded(word).equals(word)) {
            quoted.add(word);
          }
          if (NOT_A_COLUMN_NAME.contains(category)) {
            mustBeQuoted.add(word);
          }
        });
    assertThat(quoted).isEqualTo(mustBeQuoted);
  }
}
