package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;

final class UnrecognisedStatement implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.warning(
          "unrecognised-statement",
          "A statement pgsafe does not recognise",
          "pgsafe judges statements by their form. For a form it does not know it assumes the"
              + " worst (ACCESS EXCLUSIVE on what it names, a rewrite, not runnable in a"
              + " transaction) and says so, rather than calling it harmless. Check the statement"
              + " by hand, and allow it with a reason.",
          "ALTER TABLE orders FROBNICATE;",
          "ALTER TABLE orders SET (fillfactor = 90);",
          RuleDocs.EXPLICIT_LOCKING);

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.isUnrecognised() && op.reachesServer()) {
      out.add(
          Problem.always(
              "pgsafe does not recognise this statement, so it assumes the worst: an ACCESS"
                  + " EXCLUSIVE lock on everything it names, held while the table is rewritten."
                  + " Check what it really does (pgsafe explain shows the assumption) and allow it"
                  + " with a reason if it is safe.",
              ""));
    }
  }
}
