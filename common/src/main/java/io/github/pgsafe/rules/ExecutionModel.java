package io.github.pgsafe.rules;

import java.util.Locale;

/** How the statements of one migration file are sent to the server; safety depends on it. */
public enum ExecutionModel {
  /**
   * The pgsafe runtime: the file runs in one transaction, except that statements that cannot run in
   * a transaction block are split out and run on their own, outside it.
   */
  PGSAFE,
  /**
   * The whole file in one transaction, as a plain Liquibase {@code sql} change or Flyway with
   * {@code mixed} off would try.
   */
  TRANSACTION,
  /** Each statement on its own (autocommit), unless the file itself says {@code BEGIN}. */
  AUTOCOMMIT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code pgsafe}, {@code transaction} or {@code autocommit}, ignoring case. */
  public static ExecutionModel parse(String text) {
    for (ExecutionModel model : values()) {
      if (model.label().equalsIgnoreCase(text.strip())) {
        return model;
      }
    }
    throw new IllegalArgumentException(
        "unknown execution model '" + text + "'; use pgsafe, transaction or autocommit");
  }
}
