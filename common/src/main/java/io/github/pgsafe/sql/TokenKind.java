package io.github.pgsafe.sql;

/** Lexical classes of PostgreSQL's scanner, as far as splitting and analysis need them. */
public enum TokenKind {
  /** An unquoted identifier or key word; PostgreSQL folds it to lower case. */
  WORD,
  /** {@code "..."} or {@code U&"..."}. */
  QUOTED_IDENTIFIER,
  /**
   * {@code '...'}, {@code E'...'}, {@code U&'...'}, {@code B'...'}, {@code X'...'}, {@code N'...'}.
   */
  STRING,
  /** {@code $$...$$} or {@code $tag$...$tag$}. */
  DOLLAR_STRING,
  NUMBER,
  /** A positional parameter such as {@code $1}. */
  PARAMETER,
  /**
   * A template placeholder that the migration tool replaces before the server sees the script:
   * Flyway's {@code ${name}} or a Go template's {@code {{ ... }}}. Neither is valid SQL, so reading
   * them as names loses nothing and lets scripts that use them be analysed.
   */
  PLACEHOLDER,
  /** A run of operator characters, {@code ::} included. */
  OPERATOR,
  /** One of {@code ( ) [ ] , . : ;}. */
  PUNCTUATION,
  WHITESPACE,
  LINE_COMMENT,
  BLOCK_COMMENT,
  /** A psql backslash command line, such as {@code \set x 1} or {@code \i file.sql}. */
  META_COMMAND,
  /** The data lines after {@code COPY ... FROM STDIN;}, up to and including the {@code \.} line. */
  COPY_DATA;

  /** Whitespace and comments: everything the server ignores between tokens. */
  public boolean isTrivia() {
    return this == WHITESPACE || this == LINE_COMMENT || this == BLOCK_COMMENT;
  }
}
