package io.github.pgsafe.cli;

/** Bad usage or unreadable input: the message goes to stderr and pgsafe exits with 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
