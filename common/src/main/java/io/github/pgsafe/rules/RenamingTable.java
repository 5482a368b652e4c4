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

final class RenamingTable implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "renaming-table",
          "RENAME TO of a table in use",
          "Every running instance of the application still uses the old table name: its queries"
              + " fail from the commit until the new code is deployed. Rename in phases: rename"
              + " the table and leave a view with the old name, move the application, then drop"
              + " the view.",
          "ALTER TABLE orders RENAME TO purchase_orders;",
          "BEGIN;\nALTER TABLE orders RENAME TO purchase_orders;\n"
              + "CREATE VIEW orders AS SELECT * FROM purchase_orders;\nCOMMIT;\n"
              + "-- deploy the application that uses purchase_orders, then: DROP VIEW orders;",
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
        AlterActions.onExistingTable(op, context, AlterActionKind.RENAME_TO)) {
      if (context.followedByCompatibilityView(op)) {
        continue;
      }
      RelationName table = AlterActions.table(op);
      String to =
          action.detail() instanceof Detail.Rename rename
              ? Identifiers.quoteIfNeeded(rename.to())
              : "<new name>";
      out.add(
          Problem.always(
              "Renaming "
                  + table
                  + " to "
                  + to
                  + " breaks every running application instance that still uses "
                  + table
                  + ": its queries fail from the commit until the new code is everywhere. Leave an"
                  + " updatable view with the old name in the same transaction, and drop it after"
                  + " the deployment.",
              "ALTER TABLE "
                  + table
                  + " RENAME TO "
                  + to
                  + ";\nCREATE VIEW "
                  + table
                  + " AS SELECT * FROM "
                  + to
                  + ";\n-- after the application uses "
                  + to
                  + ": DROP VIEW "
                  + table
                  + ";"));
    }
  }
}
