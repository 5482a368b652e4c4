package io.github.pgsafe.sql;

/** What the splitter found in one piece of a script. */
public enum StatementKind {
  /** A statement for the server (a {@code COPY ... FROM STDIN} carries its data too). */
  SQL,
  /** A psql backslash command, which only psql understands; left alone. */
  META_COMMAND,
  /** Only whitespace and comments, such as the tail of a script after its last statement. */
  EMPTY
}
