package io.github.pgsafe.sql;

import io.github.pgsafe.PgsafeException;

/**
 * A script that PostgreSQL's scanner would reject, such as an unterminated string, quoted
 * identifier, dollar quote or block comment. The message names the 1-based line and column of the
 * construct that was left open.
 */
public final class SqlSyntaxException extends PgsafeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public SqlSyntaxException(String problem, int line, int column) {
    super("line " + line + ", column " + column + ": " + problem);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
