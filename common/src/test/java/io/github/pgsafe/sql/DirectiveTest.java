package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectiveTest {

  private static List<Directive> directivesBefore(String script) {
    return Splitter.split(script).get(0).directives();
  }

  @Test
  void readsRuleListAndReasonAsTheArgumentOfAnAllowDirective() {
    assertThat(directivesBefore("-- pgsafe:allow rule-a, rule-b reason: table is empty\nSELECT 1;"))
        .containsExactly(new Directive("allow", "rule-a, rule-b reason: table is empty", 1, 1));
  }

  @Test
  void readsAnAllowFileDirective() {
    assertThat(
            directivesBefore("  -- pgsafe:allow-file ban-drop-column reason: cleanup\nSELECT 1;"))
        .containsExactly(new Directive("allow-file", "ban-drop-column reason: cleanup", 1, 3));
  }

  @Test
  void readsTheBlockCommentFormOnOneOrSeveralLines() {
    assertThat(
            directivesBefore(
                "/* pgsafe:allow rule-a */\n/*\n   pgsafe:allow rule-b\n   reason: x\n*/ SELECT 1;"))
        .containsExactly(
            new Directive("allow", "rule-a", 1, 1),
            new Directive("allow", "rule-b\n   reason: x", 2, 1));
  }

  @Test
  void readsADirectiveWithoutSpaceAfterTheDashesAndWithoutArgument() {
    assertThat(directivesBefore("--pgsafe:allow\nSELECT 1;"))
        .containsExactly(new Directive("allow", "", 1, 1));
  }

  @Test
  void matchesThePrefixCaseInsensitivelyAndKeepsTheNameAsWritten() {
    assertThat(directivesBefore("-- PgSafe:Allow x\nSELECT 1;"))
        .containsExactly(new Directive("Allow", "x", 1, 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-- an ordinary comment",
        "-- pgsafe: allow x",
        "-- pgsafe:",
        "-- see pgsafe:allow x",
        "/* pgsafe */",
        "-- pgsafeallow x",
      })
  void ignoresCommentsThatAreNotDirectives(String comment) {
    assertThat(directivesBefore(comment + "\nSELECT 1;")).isEmpty();
  }

  @Test
  void recordsTheLineAndColumnOfEachDirectiveComment() {
    List<Directive> directives =
        Splitter.split("SELECT 1;\n\n    -- pgsafe:allow a\r\n\t/* pgsafe:allow b */ SELECT 2;")
            .get(1)
            .directives();

    assertThat(directives)
        .extracting(Directive::line, Directive::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, 5), org.assertj.core.groups.Tuple.tuple(4, 2));
  }

  @Test
  void keepsDirectivesAfterTheLastStatementInTheTrailingEmptyPiece() {
    List<Statement> pieces = Splitter.split("SELECT 1;\n-- pgsafe:allow-file x\n");

    assertThat(pieces.get(1).kind()).isEqualTo(StatementKind.EMPTY);
    assertThat(pieces.get(1).directives()).containsExactly(new Directive("allow-file", "x", 2, 1));
  }
}
