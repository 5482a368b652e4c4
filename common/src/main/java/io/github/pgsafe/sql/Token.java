package io.github.pgsafe.sql;

import java.util.Locale;

/**
 * One lexical token: a kind and a range of the script.
 *
 * <p>The text is cut from the script only when someone asks for it. Most tokens (whitespace,
 * comments, the key words the analyser merely compares) are never asked, and not making a string
 * for each of them halves what a lint run allocates. Tokens are shared by the analyser's and the
 * rules' threads; two threads asking at once may each cut the text, and either string is right.
 */
public final class Token {
  private final TokenKind kind;
  private final String source;
  private final int offset;
  private final int length;
  private String text;

  Token(TokenKind kind, String source, int offset, int endOffset) {
    this.kind = kind;
    this.source = source;
    this.offset = offset;
    this.length = endOffset - offset;
  }

  /** Its lexical class. */
  public TokenKind kind() {
    return kind;
  }

  /** Its exact source text. */
  public String text() {
    if (text == null) {
      text = source.substring(offset, offset + length);
    }
    return text;
  }

  /** Where it starts in the script, counted in chars from 0. */
  public int offset() {
    return offset;
  }

  public int endOffset() {
    return offset + length;
  }

  int length() {
    return length;
  }

  /** The char at {@code index} of its text. */
  char charAt(int index) {
    return source.charAt(offset + index);
  }

  /** True if its text holds {@code part}, compared case-insensitively, at {@code index}. */
  boolean regionMatches(int index, String part) {
    return matchesAt(index, part, true);
  }

  /**
   * True if this is the unquoted key word or identifier {@code word}, compared case-insensitively.
   */
  public boolean is(String word) {
    return kind == TokenKind.WORD && word.length() == length && matchesAt(0, word, true);
  }

  /** True if this is exactly the punctuation or operator {@code symbol}. */
  public boolean isSymbol(String symbol) {
    return (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR)
        && symbol.length() == length
        && matchesAt(0, symbol, false);
  }

  /**
   * True for anything that names an object: an unquoted word, a quoted identifier, or a template
   * placeholder standing for one.
   */
  public boolean isIdentifier() {
    return kind == TokenKind.WORD
        || kind == TokenKind.QUOTED_IDENTIFIER
        || kind == TokenKind.PLACEHOLDER;
  }

  /**
   * The name this token denotes as PostgreSQL sees it: unquoted words folded to lower case, quoted
   * identifiers unquoted (with {@code U&} escapes decoded).
   */
  public String identifierValue() {
    return switch (kind) {
      case WORD -> text().toLowerCase(Locale.ROOT);
      case QUOTED_IDENTIFIER -> Identifiers.unquote(text());
      default -> text();
    };
  }

  private boolean matchesAt(int index, String part, boolean ignoreCase) {
    return index + part.length() <= length
        && source.regionMatches(ignoreCase, offset + index, part, 0, part.length());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Token token
        && token.kind == kind
        && token.offset == offset
        && token.text().equals(text());
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + offset) + text().hashCode();
  }

  @Override
  public String toString() {
    return "Token[kind=" + kind + ", text=" + text() + ", offset=" + offset + "]";
  }
}
