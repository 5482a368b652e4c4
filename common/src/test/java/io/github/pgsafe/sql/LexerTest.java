package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

  private record Lexeme(TokenKind kind, String text) {}

  private static List<Token> tokens(String src) {
    Lexer lexer = new Lexer(src, new LineIndex(src));
    List<Token> tokens = new ArrayList<>();
    for (Token t = lexer.next(); t != null; t = lexer.next()) {
      tokens.add(t);
    }
    return tokens;
  }

  private static List<Lexeme> lexemes(String src) {
    return tokens(src).stream()
        .filter(t -> t.kind() != TokenKind.WHITESPACE)
        .map(t -> new Lexeme(t.kind(), t.text()))
        .toList();
  }

  private static Lexeme lex(TokenKind kind, String text) {
    return new Lexeme(kind, text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "'it''s; fine'               | STRING",
        "E'it\\'s; fine\\\\'         | STRING",
        "e'\\\\'                     | STRING",
        "U&'d\\0061t'                | STRING",
        "u&'x'                       | STRING",
        "B'0101'                     | STRING",
        "x'1F'                       | STRING",
        "N'national'                 | STRING",
        "''                          | STRING",
        "\"odd;name\"                | QUOTED_IDENTIFIER",
        "\"say \"\"hi\"\"\"          | QUOTED_IDENTIFIER",
        "U&\"d\\0061t\\+000061\"     | QUOTED_IDENTIFIER",
        "$$a;'b\"$$                  | DOLLAR_STRING",
        "$outer$ $inner$ ; $inner$ $outer$ | DOLLAR_STRING",
        "$a1_é$x$a1_é$               | DOLLAR_STRING",
        "$1                          | PARAMETER",
        "$42                         | PARAMETER",
        "t$2                         | WORD",
        "a$b$                        | WORD",
        "_x9                         | WORD",
        "café                        | WORD",
        "1.5e-3                      | NUMBER",
        ".5                          | NUMBER",
        "1_000_000                   | NUMBER",
        "0x1F                        | NUMBER",
        "::                          | OPERATOR",
        "<>                          | OPERATOR",
        "@>                          | OPERATOR",
        "-- to the end               | LINE_COMMENT",
        "/* a /* nested */ b */      | BLOCK_COMMENT",
        "/**/                        | BLOCK_COMMENT",
        "${tableName}                | PLACEHOLDER",
        "${flyway:defaultSchema}     | PLACEHOLDER",
        "`{{ index .Options \"Namespace\" }}` | PLACEHOLDER",
      })
  void readsEachLiteralFormAsOneToken(String text, TokenKind kind) {
    assertThat(lexemes(text)).containsExactly(lex(kind, text));
  }

  @Test
  void readsAPrefixLetterFollowedBySpaceAsAWordBeforeAString() {
    assertThat(lexemes("E 'x' U & 'y'"))
        .containsExactly(
            lex(TokenKind.WORD, "E"),
            lex(TokenKind.STRING, "'x'"),
            lex(TokenKind.WORD, "U"),
            lex(TokenKind.OPERATOR, "&"),
            lex(TokenKind.STRING, "'y'"));
  }

  @Test
  void readsAWordEndingInEBeforeAQuoteAsWordThenPlainString() {
    assertThat(lexemes("type'\\'"))
        .containsExactly(lex(TokenKind.WORD, "type"), lex(TokenKind.STRING, "'\\'"));
  }

  @Test
  void keepsBackslashesLiteralInStandardStrings() {
    assertThat(lexemes("'a\\' 'b'"))
        .containsExactly(lex(TokenKind.STRING, "'a\\'"), lex(TokenKind.STRING, "'b'"));
  }

  @Test
  void splitsCastsFromTheirOperands() {
    assertThat(lexemes("a::int[]"))
        .containsExactly(
            lex(TokenKind.WORD, "a"),
            lex(TokenKind.OPERATOR, "::"),
            lex(TokenKind.WORD, "int"),
            lex(TokenKind.PUNCTUATION, "["),
            lex(TokenKind.PUNCTUATION, "]"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "a=-1   ; a,=,-,1",
        "a+-b   ; a,+,-,b",
        "a**+b  ; a,**,+,b",
        "a<=+-b ; a,<=,+,-,b",
        "a@-1   ; a,@-,1",
        "a|/+b  ; a,|/+,b",
        "a?-+b  ; a,?-+,b",
        "a-b    ; a,-,b",
      })
  void shedsATrailingPlusOrMinusFromAnOperatorLikePostgres(String src, String texts) {
    assertThat(lexemes(src)).extracting(Lexeme::text).containsExactly(texts.split(","));
  }

  @Test
  void readsALoneDollarBeforeANonTagCharAsAnOperator() {
    assertThat(lexemes("$ $-"))
        .containsExactly(
            lex(TokenKind.OPERATOR, "$"),
            lex(TokenKind.OPERATOR, "$"),
            lex(TokenKind.OPERATOR, "-"));
  }

  @Test
  void readsAnUnclosedPlaceholderAsTheCharsPostgresWouldSee() {
    assertThat(lexemes("${x\n}"))
        .containsExactly(
            lex(TokenKind.OPERATOR, "$"),
            lex(TokenKind.OPERATOR, "{"),
            lex(TokenKind.WORD, "x"),
            lex(TokenKind.OPERATOR, "}"));
  }

  @Test
  void readsARangeAfterAnIntegerAsTwoPeriods() {
    assertThat(lexemes("1..2"))
        .containsExactly(
            lex(TokenKind.NUMBER, "1"),
            lex(TokenKind.PUNCTUATION, "."),
            lex(TokenKind.PUNCTUATION, "."),
            lex(TokenKind.NUMBER, "2"));
  }

  @Test
  void endsALineCommentAtACarriageReturn() {
    assertThat(tokens("-- x\r\ny"))
        .extracting(Token::kind)
        .containsExactly(TokenKind.LINE_COMMENT, TokenKind.WHITESPACE, TokenKind.WORD);
  }

  @Test
  void keepsAStrayCharAsASingleCharToken() {
    assertThat(lexemes("a \\ {"))
        .containsExactly(
            lex(TokenKind.WORD, "a"), lex(TokenKind.OPERATOR, "\\"), lex(TokenKind.OPERATOR, "{"));
  }

  @Test
  void coversEveryCharOfTheInputWithTokensInOrder() {
    String src = "SELECT E'\\n', $t$x$t$, \"q\"\"\" /* c */ -- d\n FROM t$2 WHERE a <> $1;";
    List<Token> tokens = tokens(src);

    StringBuilder joined = new StringBuilder();
    for (Token t : tokens) {
      assertThat(t.offset()).isEqualTo(joined.length());
      joined.append(t.text());
    }
    assertThat(joined.toString()).isEqualTo(src);
  }

  @Test
  void foldsWordsAndUnquotesIdentifiersForTheirValue() {
    List<Token> tokens = tokens("MyTable \"MyTable\" U&\"d\\0061t\"");

    assertThat(tokens.get(0).identifierValue()).isEqualTo("mytable");
    assertThat(tokens.get(2).identifierValue()).isEqualTo("MyTable");
    assertThat(tokens.get(4).identifierValue()).isEqualTo("dat");
    assertThat(tokens.get(0).is("MYTABLE")).isTrue();
    assertThat(tokens.get(2).is("mytable")).isFalse();
  }

  @Test
  void rejectsAnEscapeStringEndingInABackslashAtTheStringsStart() {
    SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> tokens("x\n  E'abc\\"));

    assertThat(e.getMessage()).isEqualTo("line 2, column 3: unterminated quoted string");
  }

  @Test
  void rejectsADollarQuoteClosedByAnotherTag() {
    SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> tokens("$a$ x $b$"));

    assertThat(e.getMessage()).isEqualTo("line 1, column 1: unterminated dollar-quoted string $a$");
  }
}
