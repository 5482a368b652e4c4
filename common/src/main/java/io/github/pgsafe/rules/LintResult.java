package io.github.pgsafe.rules;

import java.util.List;

/**
 * What linting found in a set of scripts.
 *
 * @param findings every finding, in file order and then statement order
 * @param rules the documentation of every rule that was enabled, for reports that describe them
 * @param files how many scripts were read
 * @param statements how many executable statements they held
 */
public record LintResult(List<Finding> findings, List<RuleDoc> rules, int files, int statements) {

  public LintResult {
    findings = List.copyOf(findings);
    rules = List.copyOf(rules);
  }

  public long count(Severity severity) {
    long count = 0;
    for (Finding finding : findings) {
      if (finding.severity() == severity) {
        count++;
      }
    }
    return count;
  }

  /** True if nothing would stop the migration: no finding is an error. */
  public boolean passes() {
    return count(Severity.ERROR) == 0;
  }
}
