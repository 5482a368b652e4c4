package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;

/**
 * The lexer against PostgreSQL's own scanner and the splitter against its parser (libpg-query, see
 * {@link PgParserOracle}) on scripts from {@link SplitterPropertiesTest}'s generators. A jqwik
 * container, so that the generators run on a jqwik thread; the seed is fixed, so a failure repeats.
 */
class GeneratedScriptsOracleIT {
  private static final long FUZZ_SEED = 20_260_101L;
  private static final int FUZZ_INPUTS = 3000;
  private static final int PARSER_INPUTS = 1000;

  /**
   * The lexer against PostgreSQL's scanner on generated and edited scripts: the same semicolons
   * outside strings, identifiers, dollar quotes and comments, the same tokens (strings aside, see
   * {@link #tokenDifference}), and an unterminated construct exactly where the scanner finds one.
   * Inputs the scanner rejects for other reasons (zero-length identifiers, bad Unicode escapes,
   * trailing junk after numbers) are counted, not compared: the lexer does not validate those.
   */
  @Example
  void lexerFindsTheScannersTokensAndUnterminatedConstructsInGeneratedScripts() throws IOException {
    RandomGenerator<String> generator = new SplitterPropertiesTest().serverScripts().generator(100);
    Random random = new Random(FUZZ_SEED);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < FUZZ_INPUTS; i++) {
      inputs.add(generator.next(random).value());
    }
    List<PgParserOracle.ScanAnswer> answers = PgParserOracle.forTests().scan(inputs);
    List<String> failures = new ArrayList<>();
    int agreeScanned = 0;
    int agreeUnterminated = 0;
    int notCompared = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      PgParserOracle.ScanAnswer pg = answers.get(i);
      List<Integer> ours;
      SqlSyntaxException thrown = null;
      try {
        ours = semicolons(input);
      } catch (SqlSyntaxException e) {
        ours = null;
        thrown = e;
      }
      boolean pgUnterminated = !pg.scanned() && pg.error().startsWith("unterminat");
      String verdict;
      if (pg.scanned() && ours != null) {
        verdict =
            ours.equals(pg.semicolons()) ? null : "semicolons " + ours + " vs " + pg.semicolons();
        if (verdict == null) {
          verdict = tokenDifference(input, pg.tokens());
        }
        agreeScanned += verdict == null ? 1 : 0;
      } else if (pgUnterminated && thrown != null) {
        int offset = offsetOf(input, thrown.line(), thrown.column());
        verdict =
            pg.errorOffset() < 0 || pg.errorOffset() == offset
                ? null
                : "splitter: "
                    + thrown.getMessage()
                    + "; scanner: "
                    + pg.error()
                    + " at "
                    + where(input, pg.errorOffset());
        agreeUnterminated += verdict == null ? 1 : 0;
      } else if (pgUnterminated) {
        verdict =
            "the scanner finds "
                + pg.error()
                + " at "
                + where(input, pg.errorOffset())
                + ", the lexer nothing";
      } else if (pg.scanned()) {
        verdict = "the lexer throws " + thrown.getMessage() + ", the scanner accepts";
      } else {
        verdict = null;
        notCompared++;
      }
      if (verdict != null) {
        failures.add("input " + i + " " + quoteJava(input) + ":\n    " + verdict);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "GeneratedScriptsOracleIT, scanner on %d generated scripts (seed %d): %d agree on semicolons and tokens, %d"
            + " agree on an unterminated construct, %d rejected by the scanner for other reasons"
            + " (not compared), %d disagree%n",
        inputs.size(),
        FUZZ_SEED,
        agreeScanned,
        agreeUnterminated,
        notCompared,
        failures.size());
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " generated scripts disagree:\n"
              + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
    assertThat(agreeScanned).as("scripts compared on semicolons").isGreaterThan(FUZZ_INPUTS / 3);
    assertThat(agreeUnterminated).as("scripts compared on unterminated constructs").isPositive();
  }

  /**
   * The splitter against the parser on generated scripts the parser accepts: strings of every kind,
   * quoted identifiers, dollar-quoted bodies, {@code BEGIN ATOMIC} bodies with {@code CASE},
   * comments and empty statements between statements. Same comparison as {@link SplitterOracleIT}.
   */
  @Example
  void splitterFindsTheParsersStatementsInGeneratedScripts() throws IOException {
    RandomGenerator<String> generator = new SplitterPropertiesTest().parserScripts().generator(100);
    Random random = new Random(FUZZ_SEED);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < PARSER_INPUTS; i++) {
      inputs.add(generator.next(random).value());
    }
    List<PgParserOracle.Answer> answers = PgParserOracle.forTests().parse(inputs);
    List<String> failures = new ArrayList<>();
    int statements = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      PgParserOracle.Answer pg = answers.get(i);
      if (!pg.parsed()) {
        failures.add(
            "input "
                + i
                + " "
                + quoteJava(input)
                + ":\n    the parser rejects it (a generator bug): "
                + pg.error()
                + " at "
                + where(input, pg.errorOffset()));
        continue;
      }
      List<PgParserOracle.Range> ours = new ArrayList<>();
      for (Statement s : Splitter.split(input)) {
        if (s.isExecutable()) {
          List<Token> tokens = s.tokens();
          ours.add(
              new PgParserOracle.Range(
                  tokens.get(0).offset(), tokens.get(tokens.size() - 1).endOffset()));
        }
      }
      if (ours.equals(pg.statements())) {
        statements += ours.size();
      } else {
        failures.add(
            "input "
                + i
                + " "
                + quoteJava(input)
                + ":\n    splitter "
                + ours
                + "\n    parser   "
                + pg.statements());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "GeneratedScriptsOracleIT, parser on %d generated scripts (seed %d): %d statements agree, %d"
            + " scripts disagree%n",
        inputs.size(),
        FUZZ_SEED,
        statements,
        failures.size());
    if (!failures.isEmpty()) {
      fail(
          failures.size()
              + " generated scripts disagree:\n"
              + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }
    assertThat(statements).isGreaterThan(PARSER_INPUTS);
  }

  /**
   * Null if every token the lexer finds but strings is a token of the scanner too, else the first
   * that is not. Strings differ by design: the scanner makes {@code 'a'} and {@code 'b'} on the
   * next line one token, and {@code N'x'} two ({@code N} and {@code 'x'}); their ends still agree,
   * which the semicolons show.
   */
  private static String tokenDifference(String input, List<PgParserOracle.Range> pgTokens) {
    Set<PgParserOracle.Range> theirs = new HashSet<>(pgTokens);
    Lexer lexer = new Lexer(input, new LineIndex(input));
    for (Token t = lexer.next(); t != null; t = lexer.next()) {
      if (!t.kind().isTrivia()
          && t.kind() != TokenKind.STRING
          && !theirs.contains(new PgParserOracle.Range(t.offset(), t.endOffset()))) {
        return t.kind()
            + " "
            + t.text()
            + " at "
            + where(input, t.offset())
            + " is not one token of the scanner";
      }
    }
    return null;
  }

  private static List<Integer> semicolons(String input) {
    Lexer lexer = new Lexer(input, new LineIndex(input));
    List<Integer> offsets = new ArrayList<>();
    for (Token t = lexer.next(); t != null; t = lexer.next()) {
      if (t.isSymbol(";")) {
        offsets.add(t.offset());
      }
    }
    return offsets;
  }

  private static int offsetOf(String text, int line, int column) {
    int offset = 0;
    for (int l = 1; l < line; l++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset + column - 1;
  }

  private static String quoteJava(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.chars()
        .forEach(
            cp -> {
              switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                  if (cp < 0x20 || cp > 0x7e) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static String where(String text, int offset) {
    if (offset < 0) {
      return "unknown position";
    }
    LineIndex lines = new LineIndex(text);
    return "line " + lines.line(offset) + ", column " + lines.column(offset);
  }
}
