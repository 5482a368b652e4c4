package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import java.util.EnumSet;
import java.util.Set;

final class BanDropDatabase implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-drop-database",
          "DROP DATABASE in a migration",
          "A migration that drops a database destroys everything in it; it has no place in a"
              + " schema migration that runs in production.",
          "DROP DATABASE analytics;",
          "-- drop databases by hand, never from a migration",
          "https://www.postgresql.org/docs/current/sql-dropdatabase.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.DROP_DATABASE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() == OperationKind.DROP_DATABASE) {
      out.add(
          Problem.always(
              "DROP DATABASE destroys the whole database. Do it by hand, not in a migration.", ""));
    }
  }
}
