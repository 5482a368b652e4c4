package io.github.pgsafe.sql;

import java.util.Locale;

/**
 * One lexical token.
 *
 * @param kind its lexical class
 * @param text its exact source text
 * @param offset where it starts in the script, counted in chars from 0
 */
public record Token(TokenKind kind, String text, int offset) {

  /**
   * True if this is the unquoted key word or identifier {@code word}, compared case-insensitively.
   */
  public boolean is(String word) {
    return kind == TokenKind.WORD && text.equalsIgnoreCase(word);
  }

  /** True if this is exactly the punctuation or operator {@code symbol}. */
  public boolean isSymbol(String symbol) {
    return (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR) && text.equals(symbol);
  }

  /** True for anything that names an object: an unquoted word or a quoted identifier. */
  public boolean isIdentifier() {
    return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
  }

  /**
   * The name this token denotes as PostgreSQL sees it: unquoted words folded to lower case, quoted
   * identifiers unquoted (with {@code U&} escapes decoded).
   */
  public String identifierValue() {
    return switch (kind) {
      case WORD -> text.toLowerCase(Locale.ROOT);
      case QUOTED_IDENTIFIER -> Identifiers.unquote(text);
      default -> text;
    };
  }

  public int endOffset() {
    return offset + text.length();
  }
}
