package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import java.util.EnumSet;
import java.util.Set;

/** One check. Implementations are small, stateless, and say nothing about statements they pass. */
interface Rule {
  RuleDoc doc();

  /**
   * The kinds of operation this rule can report on; the linter does not ask it about others. Most
   * rules look at one kind only, and not calling them for the rest is most of what makes a lint run
   * fast in a freshly started JVM.
   */
  default Set<OperationKind> kinds() {
    return EnumSet.allOf(OperationKind.class);
  }

  /** Reports what is unsafe about {@code operation}, given what the script did before it. */
  void check(Operation operation, ScriptContext context, Problems out);
}
