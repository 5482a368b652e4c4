package io.github.pgsafe.runtime;

import io.github.pgsafe.PgsafeException;

/** A pgsafe setting is unknown, malformed or out of range; nothing was run. */
public final class InvalidSettingException extends PgsafeException {
  private static final long serialVersionUID = 1L;

  InvalidSettingException(String message) {
    super(message);
  }
}
