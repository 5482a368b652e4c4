package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class BanDropTable implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.warning(
          "ban-drop-table",
          "DROP TABLE of a table that existed before the script",
          "The table's data is gone with the commit, and any running application instance that"
              + " still uses the table fails. Drop it only after the deployed code no longer uses"
              + " it, and say why in an override.",
          "DROP TABLE legacy_orders;",
          "-- pgsafe:allow ban-drop-table reason: replaced by orders in release 4.0\n"
              + "DROP TABLE legacy_orders;",
          "https://www.postgresql.org/docs/current/sql-droptable.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.DROP_TABLE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.DROP_TABLE || op.target().isEmpty()) {
      return;
    }
    RelationName table = op.target().get();
    if (context.createdInScript(table)) {
      return;
    }
    out.add(
        Problem.always(
            "Dropping "
                + table
                + " deletes its data and breaks every running application instance that still"
                + " uses it (DROP takes an ACCESS EXCLUSIVE lock, so it also waits for and then"
                + " blocks every query on it). Allow it with a reason once nothing uses it.",
            "-- pgsafe:allow ban-drop-table reason: <why nothing uses it>\n"
                + op.statement().sql()
                + ";"));
  }
}
