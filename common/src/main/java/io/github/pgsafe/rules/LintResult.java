package io.github.pgsafe.rules;

import java.util.List;

/**
 * What linting found in a set of scripts. The findings are counted by severity once, when it is
 * made: reports ask for the counts several times, and each count of ten thousand findings is a loop
 * that a short-lived JVM runs uncompiled.
 */
public final class LintResult {
  private final List<Finding> findings;
  private final List<RuleDoc> rules;
  private final int files;
  private final int statements;
  private final long[] bySeverity = new long[Severity.values().length];

  /**
   * @param findings every finding, in file order and then statement order
   * @param rules the documentation of every rule that was enabled, for reports that describe them
   * @param files how many scripts were read
   * @param statements how many executable statements they held
   */
  public LintResult(List<Finding> findings, List<RuleDoc> rules, int files, int statements) {
    this.findings = List.copyOf(findings);
    this.rules = List.copyOf(rules);
    this.files = files;
    this.statements = statements;
    for (Finding finding : this.findings) {
      bySeverity[finding.severity().ordinal()]++;
    }
  }

  /** Every finding, in file order and then statement order. */
  public List<Finding> findings() {
    return findings;
  }

  /** The documentation of every rule that was enabled, for reports that describe them. */
  public List<RuleDoc> rules() {
    return rules;
  }

  /** How many scripts were read. */
  public int files() {
    return files;
  }

  /** How many executable statements they held. */
  public int statements() {
    return statements;
  }

  public long count(Severity severity) {
    return bySeverity[severity.ordinal()];
  }

  /** True if nothing would stop the migration: no finding is an error. */
  public boolean passes() {
    return count(Severity.ERROR) == 0;
  }
}
