package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a statement's significant tokens front to back, within a range, and gives back source text
 * between tokens. Never re-lexes: the splitter's tokens and the statement text are all it uses.
 */
final class TokenCursor {
  private final List<Token> tokens;
  private final String sql;
  private final int base;
  private final int end;
  private int pos;

  TokenCursor(List<Token> tokens, String sql) {
    this(tokens, sql, tokens.isEmpty() ? 0 : tokens.get(0).offset(), 0, tokens.size());
  }

  private TokenCursor(List<Token> tokens, String sql, int base, int from, int to) {
    this.tokens = tokens;
    this.sql = sql;
    this.base = base;
    this.pos = from;
    this.end = to;
  }

  /** A cursor over tokens {@code [from, to)} of the same statement. */
  TokenCursor range(int from, int to) {
    return new TokenCursor(tokens, sql, base, from, to);
  }

  boolean atEnd() {
    return pos >= end;
  }

  int position() {
    return pos;
  }

  int end() {
    return end;
  }

  void seek(int position) {
    pos = position;
  }

  /** The current token, or null at the end. */
  Token peek() {
    return pos < end ? tokens.get(pos) : null;
  }

  /** The token {@code ahead} places after the current one, or null past the end. */
  Token peek(int ahead) {
    int at = pos + ahead;
    return at < end ? tokens.get(at) : null;
  }

  Token token(int index) {
    return tokens.get(index);
  }

  Token next() {
    return pos < end ? tokens.get(pos++) : null;
  }

  boolean is(String word) {
    return pos < end && tokens.get(pos).is(word);
  }

  boolean is(int ahead, String word) {
    int at = pos + ahead;
    return at < end && tokens.get(at).is(word);
  }

  boolean isSymbol(String symbol) {
    return pos < end && tokens.get(pos).isSymbol(symbol);
  }

  boolean isSymbol(int ahead, String symbol) {
    int at = pos + ahead;
    return at < end && tokens.get(at).isSymbol(symbol);
  }

  boolean accept(String word) {
    if (is(word)) {
      pos++;
      return true;
    }
    return false;
  }

  boolean accept(String first, String second) {
    if (is(first) && is(1, second)) {
      pos += 2;
      return true;
    }
    return false;
  }

  boolean accept(String first, String second, String third) {
    if (is(first) && is(1, second) && is(2, third)) {
      pos += 3;
      return true;
    }
    return false;
  }

  boolean acceptSymbol(String symbol) {
    if (isSymbol(symbol)) {
      pos++;
      return true;
    }
    return false;
  }

  /** {@code IF EXISTS}. */
  boolean acceptIfExists() {
    return accept("if", "exists");
  }

  /** {@code IF NOT EXISTS}. */
  boolean acceptIfNotExists() {
    return accept("if", "not", "exists");
  }

  boolean isIdentifier() {
    return pos < end && tokens.get(pos).isIdentifier();
  }

  /** The next token as a name (folded or unquoted), or null if it is no identifier. */
  String identifier() {
    if (!isIdentifier()) {
      return null;
    }
    return tokens.get(pos++).identifierValue();
  }

  /**
   * A possibly qualified name ({@code name}, {@code schema.name}, {@code db.schema.name}), keeping
   * the last two parts; empty if the cursor is not at an identifier.
   */
  Optional<RelationName> relationName() {
    if (!isIdentifier()) {
      return Optional.empty();
    }
    String first = tokens.get(pos++).identifierValue();
    String second = null;
    while (isSymbol(".") && pos + 1 < end && tokens.get(pos + 1).isIdentifier()) {
      pos++;
      String part = tokens.get(pos++).identifierValue();
      if (second != null) {
        first = second;
      }
      second = part;
    }
    return Optional.of(second == null ? RelationName.of(first) : RelationName.of(first, second));
  }

  /** Skips a parenthesised group if the cursor is at its {@code (}; true if it did. */
  boolean skipParens() {
    if (!isSymbol("(")) {
      return false;
    }
    pos = closingParen(pos) + 1;
    return true;
  }

  /** Index of the {@code )} matching the {@code (} at {@code open}, or the range end - 1. */
  int closingParen(int open) {
    int depth = 0;
    for (int i = open; i < end; i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol("]")) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return end - 1;
  }

  /**
   * Index of the first token from the cursor, outside parentheses, that is one of {@code words}, or
   * the range end.
   */
  int findAtDepthZero(String... words) {
    int depth = 0;
    for (int i = pos; i < end; i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol("]")) {
        depth--;
      } else if (depth == 0 && t.kind() == TokenKind.WORD) {
        for (String word : words) {
          if (t.is(word)) {
            return i;
          }
        }
      }
    }
    return end;
  }

  /** The ranges {@code [from, to)} between commas outside parentheses, from the cursor on. */
  List<int[]> splitAtTopLevelCommas() {
    List<int[]> parts = new ArrayList<>(2);
    int depth = 0;
    int start = pos;
    for (int i = pos; i < end; i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol("]")) {
        depth--;
      } else if (depth == 0 && t.isSymbol(",")) {
        parts.add(new int[] {start, i});
        start = i + 1;
      }
    }
    parts.add(new int[] {start, end});
    return parts;
  }

  /** Source text of tokens {@code [from, to)}; empty when the range is empty. */
  String text(int from, int to) {
    if (from >= to) {
      return "";
    }
    return sql.substring(tokens.get(from).offset() - base, tokens.get(to - 1).endOffset() - base);
  }

  /** Source text from the cursor to the range end. */
  String rest() {
    return text(pos, end);
  }
}
