package io.github.pgsafe.testkit;

/**
 * The testkit could not provide a PostgreSQL server or database. The message says what went wrong,
 * what was left behind (usually nothing), and how to fix it.
 */
public final class PostgresServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PostgresServerException(String message) {
    super(message);
  }

  PostgresServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
