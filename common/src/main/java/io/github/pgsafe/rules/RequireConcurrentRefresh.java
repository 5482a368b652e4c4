package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class RequireConcurrentRefresh implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-concurrent-refresh",
          "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
          "A plain refresh recomputes the view under an ACCESS EXCLUSIVE lock: every query on"
              + " the view waits for the whole recomputation. REFRESH ... CONCURRENTLY takes an"
              + " EXCLUSIVE lock, which lets reads go on (it needs a unique index on the view).",
          "REFRESH MATERIALIZED VIEW order_totals;",
          "REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;",
          "https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.REFRESH_MATERIALIZED_VIEW);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.REFRESH_MATERIALIZED_VIEW
        || op.has(Flag.CONCURRENTLY)
        || op.has(Flag.WITH_NO_DATA)
        || op.target().isEmpty()
        || context.createdInScript(op.target().get())) {
      return;
    }
    RelationName view = op.target().get();
    out.add(
        Problem.onTable(
            view,
            "REFRESH MATERIALIZED VIEW recomputes "
                + view
                + " while holding "
                + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, view)
                + " until it is done. Refresh it concurrently; reads go on meanwhile (the view"
                + " needs a unique index for that).",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view + ";"));
  }
}
