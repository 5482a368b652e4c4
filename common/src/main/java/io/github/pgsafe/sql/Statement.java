package io.github.pgsafe.sql;

import java.util.List;
import java.util.Optional;

/**
 * One piece of a script: the comments and whitespace before a statement, the statement, and its
 * terminating semicolon.
 *
 * @param text the exact source text of the piece; the pieces of a script concatenated give it back
 * @param offset where {@code text} starts in the script
 * @param kind what the piece holds
 * @param sql the statement itself: from its first token to its last, without the leading comments
 *     and without the terminating semicolon; empty for {@link StatementKind#EMPTY}
 * @param line 1-based line of the statement's first token (of the piece when it is empty)
 * @param column 1-based column of the statement's first token
 * @param endLine 1-based line of the statement's last char (its semicolon when it has one)
 * @param endColumn 1-based column of the statement's last char
 * @param directives the {@code pgsafe:} comments before the statement, in order
 * @param tokens the statement's tokens without whitespace, comments and the terminator, with
 *     offsets into the whole script
 * @param copyData the data block of a {@code COPY ... FROM STDIN}, up to and including {@code \.}
 */
public record Statement(
    String text,
    int offset,
    StatementKind kind,
    String sql,
    int line,
    int column,
    int endLine,
    int endColumn,
    List<Directive> directives,
    List<Token> tokens,
    Optional<String> copyData) {

  public Statement {
    directives = List.copyOf(directives);
    tokens = List.copyOf(tokens);
  }

  /** The first token's text in upper case, e.g. {@code ALTER}; empty when there are no tokens. */
  public String firstWord() {
    return tokens.isEmpty() ? "" : tokens.get(0).text().toUpperCase(java.util.Locale.ROOT);
  }

  /** True if the piece is something the server executes. */
  public boolean isExecutable() {
    return kind == StatementKind.SQL;
  }
}
