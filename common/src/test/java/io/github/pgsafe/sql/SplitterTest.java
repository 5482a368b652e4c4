package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitterTest {

  /** What a test expects of one piece: kind, start and end position, statement text. */
  private record Expected(
      StatementKind kind, int line, int column, int endLine, int endColumn, String sql) {
    static Expected sql(int line, int column, int endLine, int endColumn, String sql) {
      return new Expected(StatementKind.SQL, line, column, endLine, endColumn, sql);
    }

    static Expected of(Statement s) {
      return new Expected(s.kind(), s.line(), s.column(), s.endLine(), s.endColumn(), s.sql());
    }
  }

  private static List<Expected> shape(String script) {
    return Splitter.split(script).stream().map(Expected::of).toList();
  }

  private static List<String> executableSql(String script) {
    return Splitter.split(script).stream()
        .filter(Statement::isExecutable)
        .map(Statement::sql)
        .toList();
  }

  private static String join(List<Statement> pieces) {
    return pieces.stream().map(Statement::text).collect(Collectors.joining());
  }

  private static String lexingCorpus() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            SplitterTest.class.getResourceAsStream("/sql/pg-lexing-corpus.sql"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void splitsEveryCaseOfTheLexingCorpusWherePostgresEndsItsStatements() throws IOException {
    String corpus = lexingCorpus();
    List<Statement> pieces = Splitter.split(corpus);

    assertThat(pieces.stream().map(Expected::of))
        .containsExactly(
            Expected.sql(2, 44, 2, 71, "CREATE TABLE t1 (id bigint)"),
            Expected.sql(
                4, 1, 4, 57, "CREATE TABLE \"odd;name\" (\"col;1\" int, \"say \"\"hi\"\"\" text)"),
            Expected.sql(6, 1, 6, 47, "INSERT INTO t1_notes VALUES (E'it\\'s; fine\\\\')"),
            Expected.sql(8, 1, 8, 44, "INSERT INTO t1_notes VALUES ('it''s; fine')"),
            Expected.sql(
                10,
                1,
                15,
                8,
                """
                CREATE FUNCTION f_outer() RETURNS void LANGUAGE plpgsql AS $outer$
                BEGIN
                  EXECUTE $inner$ SELECT 1; $inner$;
                  PERFORM 'x;y';
                END
                $outer$"""),
            Expected.sql(
                17,
                1,
                20,
                4,
                """
                CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT i + 1;
                END"""),
            Expected.sql(22, 1, 22, 6, "BEGIN"),
            Expected.sql(24, 1, 24, 44, "CREATE INDEX CONCURRENTLY idx_t1 ON t1 (id)"),
            Expected.sql(26, 1, 26, 7, "COMMIT"),
            Expected.sql(28, 1, 28, 24, "COPY t1 (id) FROM stdin"),
            Expected.sql(33, 1, 33, 27, "CREATE TABLE t$2 (a$b int)"),
            Expected.sql(35, 1, 35, 42, "CREATE TABLE U&\"d\\0061t\\+000061\" (id int)"),
            new Expected(StatementKind.EMPTY, 35, 43, 35, 43, ""));
    assertEquals(corpus, join(pieces));
  }

  @Test
  void keepsTheCopyDataBlockWithItsCopyStatement() throws IOException {
    List<Statement> pieces = Splitter.split(lexingCorpus());

    assertThat(pieces.stream().map(Statement::copyData).flatMap(Optional::stream))
        .containsExactly("\n1\n2\n\\.\n");
    assertThat(pieces.get(9).text()).endsWith("COPY t1 (id) FROM stdin;\n1\n2\n\\.\n");
  }

  @Test
  void keepsTheCommentsBeforeAStatementInItsPieceButNotInItsSql() throws IOException {
    Statement first = Splitter.split(lexingCorpus()).get(0);

    assertThat(first.text())
        .isEqualTo(
            "-- #01 nested-block-comment\n"
                + "/* outer /* nested ; */ still comment ; */ CREATE TABLE t1 (id bigint);");
    assertThat(first.offset()).isZero();
    assertThat(first.firstWord()).isEqualTo("CREATE");
  }

  @Test
  void givesEachSemicolonOfAnEmptyStatementItsOwnEmptyPiece() {
    assertThat(shape(";;SELECT 1;; ;"))
        .containsExactly(
            new Expected(StatementKind.EMPTY, 1, 1, 1, 1, ""),
            new Expected(StatementKind.EMPTY, 1, 2, 1, 2, ""),
            Expected.sql(1, 3, 1, 11, "SELECT 1"),
            new Expected(StatementKind.EMPTY, 1, 12, 1, 12, ""),
            new Expected(StatementKind.EMPTY, 1, 14, 1, 14, ""));
  }

  @Test
  void endsTheLastStatementAtItsLastTokenWhenTheSemicolonIsMissing() {
    List<Statement> pieces = Splitter.split("SELECT 1;\nSELECT 2 -- done\n");

    assertThat(pieces.stream().map(Expected::of))
        .containsExactly(
            Expected.sql(1, 1, 1, 9, "SELECT 1"), Expected.sql(2, 1, 2, 8, "SELECT 2"));
    assertThat(pieces.get(1).text()).isEqualTo("\nSELECT 2 -- done\n");
  }

  @Test
  void returnsNoPiecesForAnEmptyScriptAndOneEmptyPieceEndingAtItsLastCharForOnlyComments() {
    assertThat(Splitter.split("")).isEmpty();
    assertThat(shape("  -- nothing\n/* here */\n"))
        .containsExactly(new Expected(StatementKind.EMPTY, 1, 1, 2, 11, ""));
  }

  @Test
  void countsLinesAndColumnsAcrossCrlfLineEndings() {
    String script = "-- head\r\nSELECT 1;\r\n  ALTER TABLE t\r\n    ADD c int;\r\n";
    List<Statement> pieces = Splitter.split(script);

    assertThat(pieces.stream().map(Expected::of))
        .containsExactly(
            Expected.sql(2, 1, 2, 9, "SELECT 1"),
            Expected.sql(3, 3, 4, 14, "ALTER TABLE t\r\n    ADD c int"),
            new Expected(StatementKind.EMPTY, 4, 15, 4, 16, ""));
    assertEquals(script, join(pieces));
  }

  @Test
  void endsCopyDataAtABackslashDotLineWithCrlf() {
    List<Statement> pieces = Splitter.split("COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 2;\r\n");

    assertThat(pieces.get(0).copyData()).contains("\r\n1\r\n\\.\r\n");
    assertThat(executableSql("COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 2;\r\n"))
        .containsExactly("COPY t FROM stdin", "SELECT 2");
  }

  @Test
  void takesCopyDataToTheEndOfTheScriptWhenTheBackslashDotLineIsMissing() {
    List<Statement> pieces = Splitter.split("COPY t FROM STDIN WITH (FORMAT csv);\n1;2\n3;4\n");

    assertThat(pieces).hasSize(1);
    assertThat(pieces.get(0).copyData()).contains("\n1;2\n3;4\n");
  }

  @Test
  void readsNoCopyDataAfterCopyToStdoutOrFromAFile() {
    assertThat(
            Splitter.split("COPY t TO STDOUT;\nCOPY t FROM '/tmp/x';\nSELECT 1;").stream()
                .map(Statement::copyData))
        .containsOnly(Optional.empty());
  }

  @Test
  void makesAPsqlMetaCommandAtStatementStartItsOwnPiece() {
    List<Statement> pieces = Splitter.split("\\set x 1\nSELECT :x;\n  \\i other.sql\n");

    assertThat(pieces.stream().map(Expected::of))
        .containsExactly(
            new Expected(StatementKind.META_COMMAND, 1, 1, 1, 8, "\\set x 1"),
            Expected.sql(2, 1, 2, 10, "SELECT :x"),
            new Expected(StatementKind.META_COMMAND, 3, 3, 3, 14, "\\i other.sql"),
            new Expected(StatementKind.EMPTY, 3, 15, 3, 15, ""));
    assertThat(pieces.get(0).isExecutable()).isFalse();
    assertThat(pieces.get(0).tokens())
        .extracting(Token::kind)
        .containsExactly(TokenKind.META_COMMAND);
  }

  @Test
  void keepsSemicolonsInsideBeginAtomicBodiesIncludingCaseEnd() {
    assertThat(
            executableSql(
                "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC"
                    + " SELECT CASE WHEN true THEN 1 END; SELECT 2; END; SELECT 3"))
        .containsExactly(
            "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC"
                + " SELECT CASE WHEN true THEN 1 END; SELECT 2; END",
            "SELECT 3");
  }

  @Test
  void endsABareBeginAndADoBlockAtTheirSemicolons() {
    assertThat(executableSql("BEGIN; DO $$ BEGIN PERFORM 1; END $$; END; COMMIT;"))
        .containsExactly("BEGIN", "DO $$ BEGIN PERFORM 1; END $$", "END", "COMMIT");
  }

  @Test
  void ignoresBeginAndEndOutsideFunctionDefinitionsAndInsideParentheses() {
    assertThat(
            executableSql(
                "CREATE TABLE t (begin int, \"end\" int); CREATE FUNCTION f(begin int) RETURNS int"
                    + " LANGUAGE sql RETURN CASE WHEN begin > 0 THEN 1 END; SELECT 1;"))
        .containsExactly(
            "CREATE TABLE t (begin int, \"end\" int)",
            "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN CASE WHEN begin > 0"
                + " THEN 1 END",
            "SELECT 1");
  }

  @Test
  void keepsSemicolonsInsideParenthesesLikePsql() {
    assertThat(
            executableSql("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2); SELECT 3"))
        .containsExactly(
            "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", "SELECT 3");
  }

  @Test
  void treatsPositionalParametersAndDollarsInsideIdentifiersAsNoDollarQuotes() {
    assertThat(executableSql("PREPARE p AS SELECT $1, t$2.a$b$ FROM t$2; SELECT $$;$$;"))
        .containsExactly("PREPARE p AS SELECT $1, t$2.a$b$ FROM t$2", "SELECT $$;$$");
  }

  @Test
  void endsAnOperatorWhereALineCommentStarts() {
    List<Statement> pieces = Splitter.split("SELECT a+--x;\n1;");

    assertThat(pieces.stream().map(Expected::of))
        .containsExactly(Expected.sql(1, 1, 2, 2, "SELECT a+--x;\n1"));
    assertThat(pieces.get(0).tokens())
        .extracting(Token::text)
        .containsExactly("SELECT", "a", "+", "1");
  }

  @Test
  void endsAnOperatorWhereABlockCommentStarts() {
    assertThat(Splitter.split("SELECT 2*/* ; */3;").get(0).tokens())
        .extracting(Token::text)
        .containsExactly("SELECT", "2", "*", "3");
  }

  @Test
  void givesTokensOffsetsIntoTheWholeScript() {
    String script = "SELECT 1;\n  UPDATE t SET a = 'x;y' WHERE b;";
    Statement update = Splitter.split(script).get(1);

    assertThat(update.offset()).isEqualTo(9);
    for (Token token : update.tokens()) {
      assertThat(script.substring(token.offset(), token.endOffset())).isEqualTo(token.text());
    }
    assertThat(update.tokens())
        .extracting(Token::kind)
        .contains(TokenKind.STRING)
        .doesNotContain(TokenKind.WHITESPACE);
  }

  @Test
  void countsColumnsInJavaCharsSoAnEmojiTakesTwo() {
    assertThat(shape("SELECT 'ä€😀'; SELECT 2;").get(1))
        .isEqualTo(Expected.sql(1, 16, 1, 24, "SELECT 2"));
  }

  @Test
  void attachesLeadingDirectivesToTheStatementThatFollowsThem() {
    List<Statement> pieces =
        Splitter.split(
            "SELECT 1;\n"
                + "-- pgsafe:allow ban-drop-column, require-timeout reason: column unused since 2.3\n"
                + "-- an ordinary comment\n"
                + "/* pgsafe:allow-file prefer-text-field */\n"
                + "ALTER TABLE t DROP COLUMN c;\n");

    assertThat(pieces.get(0).directives()).isEmpty();
    assertThat(pieces.get(1).directives())
        .containsExactly(
            new Directive(
                "allow", "ban-drop-column, require-timeout reason: column unused since 2.3", 2, 1),
            new Directive("allow-file", "prefer-text-field", 4, 1));
  }

  @Test
  void attachesADirectiveAfterTheSemicolonToTheStatementOnItsLine() {
    List<Statement> pieces =
        Splitter.split(
            "DROP INDEX i; \t-- pgsafe:allow require-concurrent-index-deletion reason: tiny\n"
                + "DROP TABLE t; -- an ordinary comment\n"
                + "SELECT 1;");

    assertThat(pieces.get(0).directives())
        .containsExactly(
            new Directive("allow", "require-concurrent-index-deletion reason: tiny", 1, 16));
    assertThat(pieces.get(1).directives()).isEmpty();
    assertThat(pieces.get(2).directives()).isEmpty();
    assertThat(pieces.get(1).text()).isEqualTo("\nDROP TABLE t; -- an ordinary comment");
    assertThat(String.join("", pieces.stream().map(Statement::text).toList()))
        .isEqualTo(
            "DROP INDEX i; \t-- pgsafe:allow require-concurrent-index-deletion reason: tiny\n"
                + "DROP TABLE t; -- an ordinary comment\n"
                + "SELECT 1;");
  }

  @Test
  void readsAByteOrderMarkAtTheStartAsWhitespace() {
    Statement first = Splitter.split("\uFEFFCREATE TABLE t (id int);").get(0);

    assertThat(first.sql()).isEqualTo("CREATE TABLE t (id int)");
    assertThat(first.text()).startsWith("\uFEFF");
    assertThat(first.firstWord()).isEqualTo("CREATE");
  }

  @Test
  void ignoresDirectiveLikeCommentsInsideAStatement() {
    Statement s = Splitter.split("ALTER TABLE t -- pgsafe:allow x\n DROP COLUMN c;").get(0);

    assertThat(s.directives()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'abc",
        "SELECT E'abc\\'",
        "SELECT \"abc",
        "SELECT U&\"abc",
        "SELECT $$abc",
        "SELECT $tag$abc$tagx$",
        "SELECT /* abc /* */",
        "SELECT X'0F",
      })
  void rejectsAnUnterminatedConstructAtItsOpeningLineAndColumn(String statement) {
    String script = "SELECT 1;\n" + statement;
    SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> Splitter.split(script));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(8);
    assertThat(e.getMessage()).startsWith("line 2, column 8: unterminated ");
  }

  @Test
  void namesWhatWasLeftOpenInTheSyntaxErrorMessage() {
    assertThat(
            assertThrows(SqlSyntaxException.class, () -> Splitter.split("\n  $fn$ x")).getMessage())
        .isEqualTo("line 2, column 3: unterminated dollar-quoted string $fn$");
    assertThat(assertThrows(SqlSyntaxException.class, () -> Splitter.split("a /* b")).getMessage())
        .isEqualTo("line 1, column 3: unterminated /* comment");
    assertThat(assertThrows(SqlSyntaxException.class, () -> Splitter.split("\"x")).getMessage())
        .isEqualTo("line 1, column 1: unterminated quoted identifier");
    assertThat(assertThrows(SqlSyntaxException.class, () -> Splitter.split("'x")).getMessage())
        .isEqualTo("line 1, column 1: unterminated quoted string");
  }
}
