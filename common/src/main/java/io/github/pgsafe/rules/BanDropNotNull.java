package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class BanDropNotNull implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.warning(
          "ban-drop-not-null",
          "DROP NOT NULL on a column in use",
          "The change is instant, but running application code may rely on the column never"
              + " being NULL; once NULLs are written, putting NOT NULL back means a scan under an"
              + " ACCESS EXCLUSIVE lock or the CHECK ... NOT VALID dance.",
          "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;",
          "-- pgsafe:allow ban-drop-not-null reason: note is optional from release 3.1\n"
              + "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;",
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
        AlterActions.onExistingTable(op, context, AlterActionKind.DROP_NOT_NULL)) {
      String column =
          action.detail() instanceof Detail.Column c
              ? Identifiers.quoteIfNeeded(c.column())
              : "the column";
      out.add(
          Problem.always(
              "Dropping NOT NULL from "
                  + AlterActions.table(op)
                  + "."
                  + column
                  + " lets NULLs in that running code may not expect, and restoring it later"
                  + " needs a full scan. Allow it with a reason if the application handles NULL.",
              ""));
    }
  }
}
