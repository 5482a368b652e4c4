package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class BanDropColumn implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.warning(
          "ban-drop-column",
          "DROP COLUMN on a table in use",
          "The drop is quick (the column is only marked dropped), but its data is gone, and any"
              + " running application instance that still reads or writes the column fails. Stop"
              + " using the column in the application first (for Hibernate/JPA, remove the"
              + " mapping) and deploy that, then drop it.",
          "ALTER TABLE orders DROP COLUMN legacy_flag;",
          "-- after the application no longer uses legacy_flag:\n"
              + "-- pgsafe:allow ban-drop-column reason: unused since release 2.3\n"
              + "ALTER TABLE orders DROP COLUMN legacy_flag;",
          RuleDocs.ALTER_TABLE);

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.ALTER_TABLE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    for (AlterAction action :
        AlterActions.onExistingTable(op, context, AlterActionKind.DROP_COLUMN)) {
      RelationName table = AlterActions.table(op);
      String column =
          action.detail() instanceof Detail.Column c
              ? Identifiers.quoteIfNeeded(c.column())
              : "the column";
      out.add(
          Problem.always(
              "Dropping "
                  + table
                  + "."
                  + column
                  + " deletes its data and breaks every running application instance that still"
                  + " uses it. Make sure the deployed code no longer reads or writes it, then allow"
                  + " this statement with the reason.",
              "-- pgsafe:allow ban-drop-column reason: <why it is unused>\n"
                  + op.statement().sql()
                  + ";"));
    }
  }
}
