package io.github.pgsafe.rules;

import java.util.Locale;

/** How bad a finding is. Only {@link #ERROR} stops a migration or fails {@code pgsafe lint}. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** The lower-case spelling used in reports: {@code error}, {@code warning}, {@code info}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** One step milder: an error becomes a warning, a warning becomes info. */
  public Severity downgraded() {
    return this == ERROR ? WARNING : INFO;
  }
}
