package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "orders               | \"orders\"",
        "a\"b                 | \"a\"\"b\"",
        "\"                   | \"\"\"\"",
        "odd;name             | \"odd;name\"",
        "`with space`         | \"with space\"",
        "MixedCase            | \"MixedCase\"",
        "Straße               | \"Straße\"",
        "表                   | \"表\"",
        "😀                   | \"😀\"",
        "`'; DROP TABLE x; --` | \"'; DROP TABLE x; --\"",
      })
  void quotesEveryNameAndDoublesItsQuotes(String name, String quoted) {
    assertThat(Identifiers.quote(name)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "orders",
        "a\"b",
        "odd;name",
        "with space",
        "MixedCase",
        "Straße",
        "😀",
        "a\"\"b\"",
        "\\u0041"
      })
  void unquotesWhatItQuotedBackToTheSameName(String name) {
    assertThat(Identifiers.unquote(Identifiers.quote(name))).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "orders       | orders",
        "_private9    | _private9",
        "user_id      | user_id",
        "MixedCase    | \"MixedCase\"",
        "9lives       | \"9lives\"",
        "a b          | \"a b\"",
        "a$b          | \"a$b\"",
        "café         | \"café\"",
        "user         | \"user\"",
        "select       | \"select\"",
        "table        | \"table\"",
        "order        | \"order\"",
        "concurrently | \"concurrently\"",
        "left         | \"left\"",
        "verbose      | \"verbose\"",
        "name         | name",
        "text         | text",
        "status       | status",
      })
  void quotesOnlyNamesThatPostgresWouldFoldOrRejectUnquoted(String name, String expected) {
    assertThat(Identifiers.quoteIfNeeded(name)).isEqualTo(expected);
  }

  @Test
  void quotesQualifiedNamesPartByPart() {
    assertThat(Identifiers.quoteQualified("Billing", "in\"voices"))
        .isEqualTo("\"Billing\".\"in\"\"voices\"");
    assertThat(Identifiers.quoteQualified(null, "t")).isEqualTo("\"t\"");
  }

  @Test
  void acceptsANameOfExactly63BytesAndRejects64() {
    String ascii63 = "a".repeat(63);
    String twoByte64 = "a".repeat(62) + "é";

    assertThat(Identifiers.quote(ascii63)).isEqualTo('"' + ascii63 + '"');
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(twoByte64));
    assertThat(e.getMessage())
        .isEqualTo(
            "SQL identifier is 64 bytes long, PostgreSQL keeps only 63 and would act on a"
                + " truncated name: "
                + twoByte64);
  }

  @Test
  void rejectsANameWithANulChar() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quoteIfNeeded("a\0b"));
    assertThat(e.getMessage()).isEqualTo("SQL identifier contains a NUL character: a\0b");
  }

  @Test
  void rejectsAnEmptyOrNullName() {
    assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(""));
    assertThrows(IllegalArgumentException.class, () -> Identifiers.quoteIfNeeded(null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "U&\"d\\0061t\\+000061\"  | data",
        "u&\"\\00e9t\\00E9\"      | été",
        "U&\"\\+01F600\"          | 😀",
        "U&\"\\D83D\\DE00\"       | 😀",
        "U&\"a\\\\b\"             | a\\b",
        "U&\"q\"\"\\0041\"        | q\"A",
        "U&\"\\zzzz\"             | \\zzzz",
        "U&\"\\00\"               | \\00",
        "\"U&x\"                  | U&x",
        "\"\"                     | ``",
      })
  void decodesUnicodeEscapesOfUnicodeQuotedIdentifiers(String token, String name) {
    assertThat(Identifiers.unquote(token)).isEqualTo(name);
  }
}
