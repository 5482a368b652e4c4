package io.github.pgsafe.sql;

/**
 * A {@code -- pgsafe:<name> <argument>} comment (or {@code /* pgsafe:... *}{@code /}) found between
 * the previous statement and the one it belongs to.
 *
 * @param name what follows {@code pgsafe:}, e.g. {@code allow} or {@code allow-file}
 * @param argument the rest of the comment, trimmed, e.g. {@code ban-drop-column reason: unused}
 * @param line 1-based line of the comment
 * @param column 1-based column of the comment
 */
public record Directive(String name, String argument, int line, int column) {
  private static final String PREFIX = "pgsafe:";

  /** Parses one comment's text, or returns null if it is not a pgsafe directive. */
  static Directive parse(Token comment, LineIndex lines) {
    // Most comments are not directives: look at the source before cutting a string from it.
    int bodyStart = 2;
    while (bodyStart < comment.length() && Character.isWhitespace(comment.charAt(bodyStart))) {
      bodyStart++;
    }
    if (!comment.regionMatches(bodyStart, PREFIX)) {
      return null;
    }
    String rest = commentBody(comment).substring(PREFIX.length());
    int nameEnd = 0;
    while (nameEnd < rest.length() && !Character.isWhitespace(rest.charAt(nameEnd))) {
      nameEnd++;
    }
    if (nameEnd == 0) {
      return null;
    }
    return new Directive(
        rest.substring(0, nameEnd),
        rest.substring(nameEnd).strip(),
        lines.line(comment.offset()),
        lines.column(comment.offset()));
  }

  private static String commentBody(Token comment) {
    String text = comment.text();
    if (comment.kind() == TokenKind.LINE_COMMENT) {
      return text.substring(2).strip();
    }
    return text.substring(2, text.length() - 2).strip();
  }
}
