package io.github.pgsafe;

/** Root of every exception pgsafe throws; all are unchecked. */
public class PgsafeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PgsafeException(String message) {
    super(message);
  }

  public PgsafeException(String message, Throwable cause) {
    super(message, cause);
  }
}
