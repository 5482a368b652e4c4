package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;

/** One check. Implementations are small, stateless, and say nothing about statements they pass. */
interface Rule {
  RuleDoc doc();

  /** Reports what is unsafe about {@code operation}, given what the script did before it. */
  void check(Operation operation, ScriptContext context, Problems out);
}
