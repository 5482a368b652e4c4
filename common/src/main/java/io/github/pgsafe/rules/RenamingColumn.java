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

final class RenamingColumn implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "renaming-column",
          "RENAME COLUMN on a table in use",
          "The rename itself takes a moment, but every running instance of the application"
              + " still uses the old name: its queries fail with 'column does not exist' from the"
              + " moment of the commit until the new code is deployed. Rename in expand/contract"
              + " phases: add the new column kept in sync by a trigger, move the application, then"
              + " drop the old one.",
          "ALTER TABLE users RENAME COLUMN name TO display_name;",
          "-- pgsafe safeRename, phase expand:\n"
              + "ALTER TABLE users ADD COLUMN display_name text;\n"
              + "-- (trigger keeps name and display_name in sync; batched backfill)\n"
              + "-- deploy the application that uses display_name, then contract:\n"
              + "ALTER TABLE users DROP COLUMN name;",
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
        AlterActions.onExistingTable(op, context, AlterActionKind.RENAME_COLUMN)) {
      RelationName table = AlterActions.table(op);
      if (!(action.detail() instanceof Detail.Rename rename) || rename.from().isEmpty()) {
        continue;
      }
      String from = Identifiers.quoteIfNeeded(rename.from().get());
      String to = Identifiers.quoteIfNeeded(rename.to());
      out.add(
          Problem.always(
              "Renaming "
                  + table
                  + "."
                  + from
                  + " to "
                  + to
                  + " breaks every running application instance that still reads or writes "
                  + from
                  + ": its queries fail from the commit until the new code is everywhere. Rename"
                  + " it in expand/contract phases; pgsafe keeps both names in sync meanwhile.",
              "-- Liquibase: <pgsafe:safeRename tableName=\""
                  + table
                  + "\" oldColumnName=\""
                  + rename.from().get()
                  + "\" newColumnName=\""
                  + rename.to()
                  + "\" phase=\"expand\"/>, later phase=\"contract\"\n"
                  + "-- Java (Flyway): ExpandContract.renameColumn(\""
                  + table
                  + "\", \""
                  + rename.from().get()
                  + "\", \""
                  + rename.to()
                  + "\").expand(connection), later .contract(connection)"));
    }
  }
}
