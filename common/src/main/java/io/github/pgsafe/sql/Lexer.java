package io.github.pgsafe.sql;

/**
 * PostgreSQL's lexical rules (the server's {@code scan.l} plus psql's additions), producing one
 * {@link Token} at a time. Every char of the input belongs to exactly one token, so the tokens
 * concatenated give back the input.
 *
 * <p>Strings follow {@code standard_conforming_strings = on}, the default since PostgreSQL 9.1:
 * backslashes are special only in {@code E'...'} strings.
 */
final class Lexer {
  private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";
  private static final String PUNCTUATION_CHARS = "()[],;.:";
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String src;

  /**
   * The script's chars, scanned instead of {@code src}: an array read is cheaper than {@code
   * String.charAt} in code that a short-lived JVM has compiled only lightly, or not yet.
   */
  private final char[] chars;

  private final LineIndex lines;
  private int pos;

  Lexer(String src, LineIndex lines) {
    this.src = src;
    this.chars = src.toCharArray();
    this.lines = lines;
  }

  int position() {
    return pos;
  }

  boolean atEnd() {
    return pos >= chars.length;
  }

  char peek() {
    return charAt(pos);
  }

  /**
   * Moves past whitespace without making a token of it: the splitter drops whitespace anyway, and
   * it is a third of all tokens.
   */
  void skipWhitespace() {
    while (pos < chars.length && isWhitespace(chars[pos])) {
      pos++;
    }
  }

  /** The next token, or null at the end of the input. */
  Token next() {
    if (atEnd()) {
      return null;
    }
    int start = pos;
    char c = chars[pos];
    if (pos == 0 && c == BYTE_ORDER_MARK) {
      // Editors on Windows write one; Flyway and Liquibase drop it before the server sees the file.
      pos++;
      return token(TokenKind.WHITESPACE, start);
    }
    if (isWhitespace(c)) {
      do {
        pos++;
      } while (pos < chars.length && isWhitespace(chars[pos]));
      return token(TokenKind.WHITESPACE, start);
    }
    if (c == '-' && charAt(pos + 1) == '-') {
      skipToEndOfLine();
      return token(TokenKind.LINE_COMMENT, start);
    }
    if (c == '/' && charAt(pos + 1) == '*') {
      skipBlockComment(start);
      return token(TokenKind.BLOCK_COMMENT, start);
    }
    if (c == '\'') {
      skipQuoted(start, '\'', false);
      return token(TokenKind.STRING, start);
    }
    if (c == '"') {
      skipQuoted(start, '"', false);
      return token(TokenKind.QUOTED_IDENTIFIER, start);
    }
    int placeholderEnd = c == '$' || c == '{' ? placeholderEnd(pos) : -1;
    if (placeholderEnd > 0) {
      pos = placeholderEnd;
      return token(TokenKind.PLACEHOLDER, start);
    }
    if (c == '$') {
      return dollar(start);
    }
    if (isIdentifierStart(c)) {
      return wordOrPrefixedLiteral(start, c);
    }
    // As in PostgreSQL, "1..2" is 1, .., 2 (a PL/pgSQL range), not 1, ., .2.
    if (isDigit(c) || (c == '.' && isDigit(charAt(pos + 1)) && !isPeriodAt(pos - 1))) {
      skipNumber();
      return token(TokenKind.NUMBER, start);
    }
    if (c == ':' && charAt(pos + 1) == ':') {
      pos += 2;
      return token(TokenKind.OPERATOR, start);
    }
    if (PUNCTUATION_CHARS.indexOf(c) >= 0) {
      pos++;
      return token(TokenKind.PUNCTUATION, start);
    }
    if (OPERATOR_CHARS.indexOf(c) >= 0) {
      skipOperator();
      return token(TokenKind.OPERATOR, start);
    }
    // Not valid SQL (a stray backslash, a control char): the server rejects it, we keep it whole.
    pos++;
    return token(TokenKind.OPERATOR, start);
  }

  /**
   * The {@code --} comment that follows a statement's semicolon on the same line, with the blanks
   * before it, or null (and nothing consumed) when that line has none. A directive written there
   * belongs to the statement it follows, not to the next one.
   */
  Token trailingLineComment() {
    int at = pos;
    while (at < chars.length && (chars[at] == ' ' || chars[at] == '\t')) {
      at++;
    }
    if (charAt(at) != '-' || charAt(at + 1) != '-') {
      return null;
    }
    pos = at;
    skipToEndOfLine();
    return token(TokenKind.LINE_COMMENT, at);
  }

  /** A psql meta-command: from the backslash to the end of its line. */
  Token metaCommand() {
    int start = pos;
    skipToEndOfLine();
    return token(TokenKind.META_COMMAND, start);
  }

  /**
   * The data of {@code COPY ... FROM STDIN}: the rest of the current line, then every line up to
   * and including the line {@code \.}, or to the end of the input when that line is missing (as
   * psql reads it).
   */
  Token copyData() {
    int start = pos;
    int lineEnd = src.indexOf('\n', pos);
    pos = lineEnd < 0 ? chars.length : lineEnd + 1;
    while (!atEnd()) {
      int end = src.indexOf('\n', pos);
      int contentEnd = end < 0 ? chars.length : end;
      boolean terminator = src.startsWith("\\.", pos) && isBlankTail(pos + 2, contentEnd);
      pos = end < 0 ? chars.length : end + 1;
      if (terminator) {
        break;
      }
    }
    return token(TokenKind.COPY_DATA, start);
  }

  private boolean isBlankTail(int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private Token wordOrPrefixedLiteral(int start, char c) {
    char next = charAt(pos + 1);
    if (next == '\'') {
      switch (c) {
        case 'e', 'E' -> {
          pos++;
          skipQuoted(start, '\'', true);
          return token(TokenKind.STRING, start);
        }
        case 'b', 'B', 'x', 'X', 'n', 'N' -> {
          pos++;
          skipQuoted(start, '\'', false);
          return token(TokenKind.STRING, start);
        }
        default -> {}
      }
    }
    if ((c == 'u' || c == 'U') && next == '&') {
      char quote = charAt(pos + 2);
      if (quote == '\'' || quote == '"') {
        pos += 2;
        skipQuoted(start, quote, false);
        return token(quote == '"' ? TokenKind.QUOTED_IDENTIFIER : TokenKind.STRING, start);
      }
    }
    do {
      pos++;
    } while (pos < chars.length && isIdentifierPart(chars[pos]));
    return token(TokenKind.WORD, start);
  }

  private Token dollar(int start) {
    if (isDigit(charAt(pos + 1))) {
      pos++;
      while (isDigit(charAt(pos))) {
        pos++;
      }
      return token(TokenKind.PARAMETER, start);
    }
    int tagEnd = pos + 1;
    if (isIdentifierStart(charAt(tagEnd))) {
      do {
        tagEnd++;
      } while (tagEnd < chars.length && isIdentifierPart(chars[tagEnd]) && chars[tagEnd] != '$');
    }
    if (charAt(tagEnd) != '$') {
      pos++;
      return token(TokenKind.OPERATOR, start);
    }
    String tag = src.substring(start, tagEnd + 1);
    int close = src.indexOf(tag, tagEnd + 1);
    if (close < 0) {
      throw error("unterminated dollar-quoted string " + tag, start);
    }
    pos = close + tag.length();
    return token(TokenKind.DOLLAR_STRING, start);
  }

  /** Skips from the opening quote at {@code pos}; a doubled quote stands for itself. */
  private void skipQuoted(int start, char quote, boolean backslashEscapes) {
    pos++;
    while (pos < chars.length) {
      char c = chars[pos];
      if (backslashEscapes && c == '\\') {
        pos += 2;
      } else if (c == quote) {
        if (charAt(pos + 1) == quote) {
          pos += 2;
        } else {
          pos++;
          return;
        }
      } else {
        pos++;
      }
    }
    pos = chars.length;
    throw error(
        quote == '"' ? "unterminated quoted identifier" : "unterminated quoted string", start);
  }

  private void skipBlockComment(int start) {
    int depth = 0;
    while (pos < chars.length) {
      char c = chars[pos];
      if (c == '/' && charAt(pos + 1) == '*') {
        depth++;
        pos += 2;
      } else if (c == '*' && charAt(pos + 1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
    throw error("unterminated /* comment", start);
  }

  private void skipToEndOfLine() {
    while (pos < chars.length && chars[pos] != '\n' && chars[pos] != '\r') {
      pos++;
    }
  }

  private void skipNumber() {
    while (isDigit(charAt(pos)) || charAt(pos) == '_') {
      pos++;
    }
    if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
      pos++;
      while (isDigit(charAt(pos)) || charAt(pos) == '_') {
        pos++;
      }
    }
    char e = charAt(pos);
    if (e == 'e' || e == 'E') {
      char after = charAt(pos + 1);
      if (isDigit(after)) {
        pos++;
      } else if ((after == '+' || after == '-') && isDigit(charAt(pos + 2))) {
        pos += 2;
      }
    }
    // Hex, octal and binary literals (0x1F, PostgreSQL 16) and junk like 1abc stay one token.
    while (pos < chars.length && isIdentifierPart(chars[pos]) && chars[pos] != '$') {
      pos++;
    }
  }

  /**
   * An operator ends where a comment starts, as in PostgreSQL ({@code a+--x} is {@code a +}), and
   * sheds a trailing {@code +} or {@code -} unless it holds one of {@code ~ ! @ # % ^ & | ` ?}
   * ({@code a=-1} is {@code a = - 1}; {@code a@-1} is {@code a @- 1}).
   */
  private void skipOperator() {
    int start = pos;
    do {
      pos++;
    } while (pos < chars.length && OPERATOR_CHARS.indexOf(chars[pos]) >= 0 && !startsComment(pos));
    if (pos - start > 1 && isPlusOrMinus(chars[pos - 1])) {
      for (int i = start; i < pos; i++) {
        if ("~!@#%^&|`?".indexOf(chars[i]) >= 0) {
          return;
        }
      }
      do {
        pos--;
      } while (pos - start > 1 && isPlusOrMinus(chars[pos - 1]));
    }
  }

  private static boolean isPlusOrMinus(char c) {
    return c == '+' || c == '-';
  }

  /**
   * Just past the closing brace(s) of the placeholder at {@code at}; -1 when there is none there or
   * it is not closed on its line.
   */
  private int placeholderEnd(int at) {
    if (charAt(at + 1) != '{') {
      return -1;
    }
    String close = chars[at] == '$' ? "}" : "}}";
    int lineEnd = src.indexOf('\n', at);
    if (lineEnd < 0) {
      lineEnd = chars.length;
    }
    for (int i = at + 2; i + close.length() <= lineEnd; i++) {
      if (src.startsWith(close, i)) {
        return i + close.length();
      }
    }
    return -1;
  }

  private boolean startsComment(int at) {
    char c = chars[at];
    char next = charAt(at + 1);
    return (c == '-' && next == '-') || (c == '/' && next == '*');
  }

  private Token token(TokenKind kind, int start) {
    return new Token(kind, src, start, pos);
  }

  private SqlSyntaxException error(String problem, int offset) {
    return new SqlSyntaxException(problem, lines.line(offset), lines.column(offset));
  }

  private boolean isPeriodAt(int index) {
    return index >= 0 && chars[index] == '.';
  }

  private char charAt(int index) {
    return index < chars.length ? chars[index] : '\0';
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }
}
