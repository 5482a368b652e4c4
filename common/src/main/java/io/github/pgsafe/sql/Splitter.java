package io.github.pgsafe.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a script into statements where psql would: at a semicolon outside quotes, comments,
 * parentheses and {@code BEGIN ATOMIC ... END} function bodies. psql meta-commands become their own
 * pieces, and the data block of {@code COPY ... FROM STDIN} stays with its statement.
 */
public final class Splitter {

  private Splitter() {}

  /**
   * Splits {@code script} into pieces whose texts, concatenated, equal it.
   *
   * @throws SqlSyntaxException if a string, quoted identifier, dollar quote or block comment is
   *     left open; the message gives its line and column
   */
  public static List<Statement> split(String script) {
    LineIndex lines = new LineIndex(script);
    Lexer lexer = new Lexer(script, lines);
    List<Statement> pieces = new ArrayList<>();
    while (!lexer.atEnd()) {
      pieces.add(new PieceReader(script, lexer, lines).read());
    }
    return pieces;
  }

  /** Reads one piece; holds the state psql keeps while scanning one statement. */
  private static final class PieceReader {
    private final String script;
    private final Lexer lexer;
    private final LineIndex lines;
    private final int start;
    private final List<Directive> directives = new ArrayList<>();
    private final List<Token> tokens = new ArrayList<>();
    private final RoutineBodyTracker routineBody = new RoutineBodyTracker();
    private int parenDepth;

    PieceReader(String script, Lexer lexer, LineIndex lines) {
      this.script = script;
      this.lexer = lexer;
      this.lines = lines;
      this.start = lexer.position();
    }

    Statement read() {
      Token first = skipLeadingTrivia();
      if (first == null) {
        int lastChar = Math.max(start, lexer.position() - 1);
        return piece(StatementKind.EMPTY, start, start, lastChar, Optional.empty());
      }
      if (first.kind() == TokenKind.META_COMMAND) {
        tokens.add(first);
        return piece(
            StatementKind.META_COMMAND,
            first.offset(),
            first.endOffset(),
            first.endOffset() - 1,
            Optional.empty());
      }
      Token last = first;
      Token token = first;
      while (token != null) {
        if (!token.kind().isTrivia()) {
          if (token.isSymbol(";") && parenDepth == 0 && !routineBody.inside()) {
            if (tokens.isEmpty()) {
              return piece(
                  StatementKind.EMPTY,
                  token.offset(),
                  token.offset(),
                  token.offset(),
                  Optional.empty());
            }
            Optional<String> copyData =
                isCopyFromStdin() ? Optional.of(lexer.copyData().text()) : Optional.empty();
            if (copyData.isEmpty()) {
              takeTrailingDirective();
            }
            return piece(
                StatementKind.SQL, first.offset(), last.endOffset(), token.offset(), copyData);
          }
          track(token);
          tokens.add(token);
          last = token;
        }
        lexer.skipWhitespace();
        token = lexer.next();
      }
      return piece(
          StatementKind.SQL,
          first.offset(),
          last.endOffset(),
          last.endOffset() - 1,
          Optional.empty());
    }

    private Token skipLeadingTrivia() {
      lexer.skipWhitespace();
      while (!lexer.atEnd()) {
        if (lexer.peek() == '\\') {
          return lexer.metaCommand();
        }
        Token token = lexer.next();
        if (!token.kind().isTrivia()) {
          return token;
        }
        if (token.kind() != TokenKind.WHITESPACE) {
          Directive directive = Directive.parse(token, lines);
          if (directive != null) {
            directives.add(directive);
          }
        }
        lexer.skipWhitespace();
      }
      return null;
    }

    private void takeTrailingDirective() {
      Token comment = lexer.trailingLineComment();
      if (comment != null) {
        Directive directive = Directive.parse(comment, lines);
        if (directive != null) {
          directives.add(directive);
        }
      }
    }

    private void track(Token token) {
      if (token.isSymbol("(")) {
        parenDepth++;
      } else if (token.isSymbol(")")) {
        parenDepth = Math.max(0, parenDepth - 1);
      } else if (token.kind() == TokenKind.WORD) {
        routineBody.word(token, parenDepth);
      }
    }

    private boolean isCopyFromStdin() {
      if (tokens.isEmpty() || !tokens.get(0).is("copy")) {
        return false;
      }
      for (int i = 1; i + 1 < tokens.size(); i++) {
        if (tokens.get(i).is("from") && tokens.get(i + 1).is("stdin")) {
          return true;
        }
      }
      return false;
    }

    private Statement piece(
        StatementKind kind, int sqlStart, int sqlEnd, int lastChar, Optional<String> copyData) {
      return new Statement(
          script.substring(start, lexer.position()),
          start,
          kind,
          script.substring(sqlStart, sqlEnd),
          lines.line(sqlStart),
          lines.column(sqlStart),
          lines.line(lastChar),
          lines.column(lastChar),
          directives,
          tokens,
          copyData);
    }
  }

  /**
   * psql's heuristic for SQL-standard routine bodies: in {@code CREATE [OR REPLACE]
   * FUNCTION|PROCEDURE}, a {@code BEGIN} outside parentheses opens a block that the matching {@code
   * END} closes, and a {@code CASE} inside such a block needs its own {@code END}.
   */
  private static final class RoutineBodyTracker {
    /** Words of the statement read so far while it may still be CREATE [OR REPLACE] routine. */
    private int prefixWords;

    private boolean routine;
    private int depth;

    void word(Token word, int parenDepth) {
      if (!routine) {
        if (prefixWords >= 0) {
          readPrefix(word);
        }
        return;
      }
      if (parenDepth > 0) {
        return;
      }
      if (word.is("begin")) {
        depth++;
      } else if (word.is("case") && depth > 0) {
        depth++;
      } else if (word.is("end") && depth > 0) {
        depth--;
      }
    }

    /** Follows CREATE [OR REPLACE] FUNCTION|PROCEDURE; prefixWords -1 once it cannot be one. */
    private void readPrefix(Token word) {
      boolean fits =
          switch (prefixWords) {
            case 0 -> word.is("create");
            case 1 -> word.is("or") || isRoutineWord(word);
            case 2 -> word.is("replace");
            default -> isRoutineWord(word);
          };
      routine = fits && (prefixWords == 3 || (prefixWords == 1 && isRoutineWord(word)));
      prefixWords = fits && !routine ? prefixWords + 1 : -1;
    }

    private static boolean isRoutineWord(Token word) {
      return word.is("function") || word.is("procedure");
    }

    boolean inside() {
      return depth > 0;
    }
  }
}
