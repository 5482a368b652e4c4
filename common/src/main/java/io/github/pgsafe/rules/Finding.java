package io.github.pgsafe.rules;

import java.util.Optional;

/**
 * One problem found in a script.
 *
 * @param rule the id of the rule that found it, e.g. {@code require-concurrent-index-creation}
 * @param severity how bad it is, after any catalog-based downgrade
 * @param file the script's name as the caller gave it
 * @param line 1-based line of the statement
 * @param column 1-based column of the statement
 * @param endLine 1-based line of the statement's last char
 * @param endColumn 1-based column of the statement's last char
 * @param statement the statement's SQL text
 * @param message what the statement locks, for how long and why, with the user's own names
 * @param fix the safe alternative, ready to run; empty when there is none
 * @param note why the severity was changed (e.g. the table is small), when it was
 */
public record Finding(
    String rule,
    Severity severity,
    String file,
    int line,
    int column,
    int endLine,
    int endColumn,
    String statement,
    String message,
    String fix,
    Optional<String> note) {

  /** The page under docs/rules that explains the rule. */
  public String docsPath() {
    return "docs/rules/" + rule + ".md";
  }
}
