package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the splitter on generated scripts built from realistic fragments (every kind of
 * string, dollar quotes, comments, identifiers, parentheses, {@code BEGIN ATOMIC} bodies, COPY
 * blocks, meta-commands, random Unicode), on those scripts after random edits, and on arbitrary
 * text.
 */
class SplitterPropertiesTest {
  private static final Set<String> SPECIAL_WORDS =
      Set.of(
          "begin",
          "end",
          "case",
          "create",
          "copy",
          "function",
          "procedure",
          "or",
          "replace",
          "atomic",
          "stdin",
          "from");
  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

  // ---------------------------------------------------------------- properties

  @Property(tries = 1000)
  void recoversTheStatementsAScriptWasJoinedFrom(
      @ForAll("statementLists") List<String> statements,
      @ForAll("separators") List<String> separators,
      @ForAll boolean trailingSemicolon) {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      script.append(separators.get(i % separators.size()));
      script.append(statements.get(i));
      if (i < statements.size() - 1 || trailingSemicolon) {
        script.append(';');
      }
    }
    List<Statement> pieces = Splitter.split(script.toString());

    assertThat(pieces.stream().filter(Statement::isExecutable).map(Statement::sql))
        .containsExactlyElementsOf(statements);
    assertWellFormed(script.toString(), pieces);
  }

  @Property(tries = 1000)
  void splitsScriptsOfRealisticFragmentsWithoutError(@ForAll("scripts") String script) {
    assertWellFormed(script, Splitter.split(script));
  }

  @Property(tries = 1500)
  void eitherSplitsAnEditedScriptWellOrRejectsItWithAPositionInside(
      @ForAll("editedScripts") String script) {
    checkSplitOrSyntaxError(script);
  }

  @Property(tries = 1000)
  void eitherSplitsArbitraryTextWellOrRejectsItWithAPositionInside(
      @ForAll("arbitraryText") String script) {
    checkSplitOrSyntaxError(script);
  }

  // ---------------------------------------------------------------- checks

  private static void checkSplitOrSyntaxError(String script) {
    List<Statement> pieces;
    try {
      pieces = Splitter.split(script);
    } catch (SqlSyntaxException e) {
      assertThat(e.line()).isPositive();
      assertThat(e.column()).isPositive();
      int offset = offsetOf(script, e.line(), e.column());
      assertThat(offset)
          .as("error position %s inside the input", e.getMessage())
          .isBetween(0, script.length() - 1);
      assertThat("'\"$/EeUuBbXxNn")
          .as("char at the error position")
          .contains(String.valueOf(script.charAt(offset)));
      assertThat(e.getMessage())
          .startsWith("line " + e.line() + ", column " + e.column() + ": unterminated ");
      return;
    }
    assertWellFormed(script, pieces);
  }

  /** Round trip, positions consistent with offsets, tokens inside their piece. */
  private static void assertWellFormed(String script, List<Statement> pieces) {
    assertThat(pieces.stream().map(Statement::text).collect(Collectors.joining()))
        .isEqualTo(script);
    int expectedOffset = 0;
    for (Statement piece : pieces) {
      assertThat(piece.offset()).isEqualTo(expectedOffset);
      assertThat(piece.text()).isNotEmpty();
      int pieceEnd = piece.offset() + piece.text().length();
      expectedOffset = pieceEnd;
      int dataStart = pieceEnd - piece.copyData().map(String::length).orElse(0);
      assertThat(piece.text()).endsWith(piece.copyData().orElse(""));

      int previousEnd = piece.offset();
      for (Token token : piece.tokens()) {
        assertThat(token.offset()).isGreaterThanOrEqualTo(previousEnd);
        assertThat(token.endOffset()).isLessThanOrEqualTo(dataStart);
        assertThat(script.substring(token.offset(), token.endOffset())).isEqualTo(token.text());
        assertThat(token.kind().isTrivia()).isFalse();
        previousEnd = token.endOffset();
      }
      switch (piece.kind()) {
        case EMPTY -> {
          assertThat(piece.tokens()).isEmpty();
          assertThat(piece.sql()).isEmpty();
          assertThat(piece.copyData()).isEmpty();
        }
        case META_COMMAND, SQL -> {
          assertThat(piece.tokens()).isNotEmpty();
          Token first = piece.tokens().get(0);
          Token last = piece.tokens().get(piece.tokens().size() - 1);
          assertThat(piece.sql()).isEqualTo(script.substring(first.offset(), last.endOffset()));
          assertThat(offsetOf(script, piece.line(), piece.column())).isEqualTo(first.offset());
          int end = offsetOf(script, piece.endLine(), piece.endColumn());
          assertThat(end).isBetween(last.endOffset() - 1, dataStart - 1);
          if (end != last.endOffset() - 1) {
            assertThat(script.charAt(end)).isEqualTo(';');
          }
          if (piece.kind() == StatementKind.META_COMMAND) {
            assertThat(piece.sql()).startsWith("\\");
          }
        }
      }
    }
  }

  /** The offset of a 1-based line and column, counted independently of LineIndex. */
  private static int offsetOf(String script, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      int newline = script.indexOf('\n', offset);
      assertThat(newline).as("line %d exists", line).isNotNegative();
      offset = newline + 1;
    }
    int lineEnd = script.indexOf('\n', offset);
    int target = offset + column - 1;
    assertThat(target)
        .as("column %d within line %d", column, line)
        .isLessThanOrEqualTo(lineEnd < 0 ? script.length() : lineEnd);
    return target;
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<List<String>> statementLists() {
    return statement().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<String>> separators() {
    return Combinators.combine(Arbitraries.of("", ";", " ;\n"), trivia().list().ofMaxSize(3))
        .as((empty, trivia) -> empty + String.join("", trivia))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> scripts() {
    return Arbitraries.oneOf(
            statement().map(s -> s + ";"),
            trivia(),
            copyBlock(),
            metaCommand(),
            Arbitraries.just(";"))
        .list()
        .ofMaxSize(12)
        .map(parts -> String.join("\n", parts));
  }

  @Provide
  Arbitrary<String> editedScripts() {
    return edited(scripts());
  }

  /**
   * Scripts for PostgreSQL's own scanner (SplitterOracleIT): no psql features, no NUL, no lone
   * surrogates; half of them edited.
   */
  Arbitrary<String> serverScripts() {
    Arbitrary<String> rawComment = anyText().map(t -> "/*" + t + "*/");
    Arbitrary<String> plain =
        Arbitraries.oneOf(
                statement().map(s -> s + ";"), trivia(), rawComment, Arbitraries.just(";"))
            .list()
            .ofMaxSize(8)
            .map(parts -> String.join("\n", parts));
    return Arbitraries.oneOf(plain, edited(plain))
        .filter(s -> s.indexOf('\0') < 0 && isWellFormedUtf16(s));
  }

  /**
   * Scripts that PostgreSQL's parser accepts (SplitterOracleIT): statements whose literals,
   * identifiers, comments and routine bodies come from the fragment generators, with trivia and
   * empty statements between them.
   */
  Arbitrary<String> parserScripts() {
    Arbitrary<String> statement =
        Arbitraries.oneOf(
            Combinators.combine(validLiteral(), trivia(), validQuotedIdentifier())
                .as((lit, gap, id) -> "SELECT " + lit + gap + "AS" + gap + id),
            Combinators.combine(validLiteral(), validLiteral(), trivia())
                .as((a, b, gap) -> "SELECT (" + a + "," + gap + b + ")" + gap + "::text"),
            dollarString().map(body -> "DO " + body),
            dollarString()
                .map(body -> "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS " + body),
            Combinators.combine(validLiteral(), trivia())
                .as(
                    (lit, gap) ->
                        "CREATE OR REPLACE FUNCTION f(i int) RETURNS text LANGUAGE sql"
                            + gap
                            + "BEGIN ATOMIC"
                            + gap
                            + "SELECT CASE WHEN i > 0 THEN "
                            + lit
                            + " END;"
                            + gap
                            + "SELECT "
                            + lit
                            + ";"
                            + gap
                            + "END"),
            Combinators.combine(validQuotedIdentifier(), trivia())
                .as((id, gap) -> "CREATE TABLE " + id + gap + "(a$b int, t$2 text)"),
            Arbitraries.of("BEGIN", "COMMIT", "PREPARE p AS SELECT $1"));
    Arbitrary<String> separator =
        Combinators.combine(trivia().list().ofMaxSize(2), Arbitraries.of(";", ";;", "; ;\n"))
            .as((gaps, semicolons) -> semicolons + String.join("", gaps));
    return Combinators.combine(statement.list().ofMinSize(1).ofMaxSize(6), separator)
        .as((statements, sep) -> String.join(sep, statements))
        .filter(SplitterPropertiesTest::isWellFormedUtf16);
  }

  /** A literal the parser accepts: no bad escapes in U&'' and E'' strings. */
  private Arbitrary<String> validLiteral() {
    Arbitrary<String> text = anyText().map(t -> t.replace("\\", "/").replace("\0", ""));
    return Arbitraries.oneOf(
        text.map(t -> "'" + t.replace("'", "''") + "'"),
        text.map(t -> "E'" + t.replace("'", "\\'") + "'"),
        text.map(t -> "U&'" + t.replace("'", "''") + "'"),
        text.map(t -> "N'" + t.replace("'", "''") + "'"),
        dollarString(),
        Arbitraries.of("B'0101'", "X'1f'", "1.5e3", ".5", "$1"));
  }

  private Arbitrary<String> validQuotedIdentifier() {
    return anyText()
        .map(t -> t.replace("\\", "/").replace("\0", ""))
        .filter(t -> !t.isEmpty())
        .map(t -> "\"" + t.replace("\"", "\"\"") + "\"");
  }

  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private Arbitrary<String> edited(Arbitrary<String> scripts) {
    return Combinators.combine(scripts, edit().list().ofMinSize(1).ofMaxSize(4))
        .as(
            (script, edits) -> {
              String result = script;
              for (Tuple.Tuple3<Integer, Integer, String> e : edits) {
                result = apply(result, e.get1(), e.get2(), e.get3());
              }
              return result;
            });
  }

  @Provide
  Arbitrary<String> arbitraryText() {
    return textOf("'\"$;/*-\\\n\r()EUu&x .", '\u0000', '\uffff', 60);
  }

  /** An edit: 0 delete a char, 1 insert a string, 2 duplicate a slice; at a relative position. */
  private Arbitrary<Tuple.Tuple3<Integer, Integer, String>> edit() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.oneOf(
                Arbitraries.of(
                    "'",
                    "\"",
                    "$",
                    "$$",
                    "$a$",
                    ";",
                    "/*",
                    "*/",
                    "--",
                    "\\",
                    "\n",
                    "\r\n",
                    "(",
                    ")",
                    "E'",
                    "U&\"",
                    "\\.\n",
                    "BEGIN ",
                    "END ",
                    "COPY t FROM stdin;\n"),
                Arbitraries.strings().ofLength(1)))
        .as(Tuple::of);
  }

  private static String apply(String script, int op, int where, String insert) {
    int at = script.isEmpty() ? 0 : where % (script.length() + 1);
    return switch (op) {
      case 0 -> at < script.length() ? script.substring(0, at) + script.substring(at + 1) : script;
      case 1 -> script.substring(0, at) + insert + script.substring(at);
      default -> {
        int to = Math.min(script.length(), at + 1 + where % 7);
        yield script.substring(0, to) + script.substring(at, to) + script.substring(to);
      }
    };
  }

  /** One statement without trivia around it and without a top-level semicolon. */
  private Arbitrary<String> statement() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, plainStatement()),
        Tuple.of(1, beginAtomicRoutine()),
        Tuple.of(1, dollarQuotedRoutine()));
  }

  private Arbitrary<String> plainStatement() {
    return Combinators.combine(
            word(),
            Arbitraries.oneOf(atom(), atom(), atom(), parenthesized()).list().ofMaxSize(8),
            trivia().list().ofMinSize(9).ofMaxSize(9))
        .as(
            (first, rest, gaps) -> {
              StringBuilder s = new StringBuilder(first);
              for (int i = 0; i < rest.size(); i++) {
                s.append(gaps.get(i)).append(rest.get(i));
              }
              return s.toString();
            });
  }

  private Arbitrary<String> beginAtomicRoutine() {
    Arbitrary<String> inner =
        Arbitraries.oneOf(
            plainStatement().map(s -> "SELECT " + s),
            Arbitraries.just("SELECT CASE WHEN i > 0 THEN 1 ELSE 2 END"),
            Arbitraries.just("INSERT INTO t VALUES (';', $$;$$)"));
    return Combinators.combine(
            Arbitraries.of(
                "CREATE FUNCTION",
                "create or replace function",
                "CREATE PROCEDURE",
                "CREATE OR REPLACE PROCEDURE"),
            inner.list().ofMinSize(1).ofMaxSize(3))
        .as(
            (head, body) ->
                head
                    + " f(i int) LANGUAGE sql\nBEGIN ATOMIC\n  "
                    + String.join(";\n  ", body)
                    + ";\nEND");
  }

  private Arbitrary<String> dollarQuotedRoutine() {
    return dollarString()
        .map(body -> "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS " + body);
  }

  /** A token that is not a semicolon, nor a word that changes how psql splits. */
  private Arbitrary<String> atom() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, word()),
        Tuple.of(1, quotedIdentifier()),
        Tuple.of(2, string()),
        Tuple.of(1, dollarString()),
        Tuple.of(
            1,
            Arbitraries.of(
                "1", "42", "3.14", ".5", "1e-3", "0x1F", "1_000", "$1", "$12", "t$2", "a$b", "::",
                ",", ".", "[", "]", ":name")),
        Tuple.of(1, operator()));
  }

  private Arbitrary<String> parenthesized() {
    return Arbitraries.oneOf(atom(), Arbitraries.just(";"), Arbitraries.just("(x; y)"))
        .list()
        .ofMaxSize(5)
        .map(inner -> "(" + String.join(" ", inner) + ")");
  }

  private Arbitrary<String> word() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withChars('_', 'é', 'ß', 'Ж', '表')
        .ofMinLength(1)
        .ofMaxLength(8)
        .filter(w -> !SPECIAL_WORDS.contains(w.toLowerCase(java.util.Locale.ROOT)))
        .flatMap(w -> Arbitraries.of(w, w + "$1", w + "😀", w + "_9"));
  }

  /** Short text, mostly chars that mean something to the lexer, some letters and Unicode. */
  private Arbitrary<String> anyText() {
    return textOf(";'\"\\$*/-\n\r\t ()E&U.", '\u00a0', '\u2fff', 12)
        .flatMap(s -> Arbitraries.of(s, s + "😀", "\uD83D\uDE00" + s));
  }

  private static Arbitrary<String> textOf(String specials, char from, char to, int maxLength) {
    return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(specials.chars().mapToObj(c -> (char) c).toList())),
            Tuple.of(2, Arbitraries.chars().range('a', 'z')),
            Tuple.of(1, Arbitraries.chars().range(from, to)))
        .list()
        .ofMaxSize(maxLength)
        .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  private Arbitrary<String> string() {
    return anyText()
        .flatMap(
            t ->
                Arbitraries.of(
                    "'" + t.replace("'", "''") + "'",
                    "E'" + t.replace("\\", "\\\\").replace("'", "\\'") + "'",
                    "e'" + t.replace("\\", "\\\\").replace("'", "''") + "'",
                    "U&'" + t.replace("'", "''") + "'",
                    "N'" + t.replace("'", "''") + "'",
                    "B'0101'",
                    "X'1f'"));
  }

  private Arbitrary<String> quotedIdentifier() {
    return anyText()
        .filter(t -> !t.isEmpty())
        .flatMap(
            t ->
                Arbitraries.of(
                    "\"" + t.replace("\"", "\"\"") + "\"",
                    "U&\"" + t.replace("\"", "\"\"") + "\""));
  }

  private Arbitrary<String> dollarString() {
    return Combinators.combine(
            Arbitraries.of("", "a", "fn", "body_1", "é"),
            anyText(),
            anyText(),
            Arbitraries.of(true, false))
        .as(
            (tag, before, after, nested) -> {
              String delimiter = "$" + tag + "$";
              String inner = nested ? "$" + tag + "n$ ; '$" + tag + "n$ " : "";
              return delimiter
                  + before.replace("$", "")
                  + inner
                  + after.replace("$", "")
                  + delimiter;
            });
  }

  private Arbitrary<String> operator() {
    return Arbitraries.strings()
        .withChars(OPERATOR_CHARS)
        .ofMinLength(1)
        .ofMaxLength(3)
        .filter(op -> !op.contains("--") && !op.contains("/*"));
  }

  /** Whitespace or comments, never empty, so that it always separates two tokens. */
  private Arbitrary<String> trivia() {
    Arbitrary<String> commentText = anyText().map(t -> t.replace("*", "").replace("/", ""));
    return Arbitraries.oneOf(
        Arbitraries.of(" ", "\n", "\r\n", "\t", "  \n  "),
        commentText.map(t -> " --" + t.replace("\n", "").replace("\r", "") + "\n"),
        commentText.map(t -> "/*" + t + "*/"),
        commentText.map(t -> "/* a /* " + t + " */ b */"),
        Arbitraries.of(
            "\n-- pgsafe:allow rule-a, rule-b reason: why\n", "/* pgsafe:allow-file x */"));
  }

  private Arbitrary<String> copyBlock() {
    return anyText()
        .map(t -> t.replace("\n", "").replace("\r", ""))
        .list()
        .ofMaxSize(3)
        .map(
            lines ->
                ";\nCOPY t (a) FROM STDIN;\n"
                    + lines.stream().map(l -> l + "\n").collect(Collectors.joining())
                    + "\\.\n");
  }

  private Arbitrary<String> metaCommand() {
    return Arbitraries.of(";\n\\set x 1\n", ";\n\\i other.sql\n", ";\n\\gset\n");
  }
}
