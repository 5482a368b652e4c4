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

final class AddingRequiredField implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "adding-required-field",
          "ADD COLUMN ... NOT NULL without a default",
          "Existing rows would get NULL in the new column, so PostgreSQL refuses the statement"
              + " on any table that has rows: the migration fails in production after passing on"
              + " an empty development database.",
          "ALTER TABLE orders ADD COLUMN region text NOT NULL;",
          "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'unknown';",
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
        AlterActions.onExistingTable(op, context, AlterActionKind.ADD_COLUMN)) {
      RelationName table = AlterActions.table(op);
      if (action.detail() instanceof Detail.Column column
          && column.notNull()
          && column.defaultValue().isEmpty()
          && column.generation() == Detail.Generation.NONE) {
        String name = Identifiers.quoteIfNeeded(column.column());
        String type = column.type().orElse("<type>");
        out.add(
            Problem.always(
                "Adding "
                    + name
                    + " as NOT NULL without a default fails with \"column contains null values\""
                    + " as soon as "
                    + table
                    + " has a row. Give it a constant default (instant since PostgreSQL 11), or add"
                    + " it nullable, backfill it, and then make it NOT NULL safely.",
                "ALTER TABLE "
                    + table
                    + " ADD COLUMN "
                    + name
                    + " "
                    + type
                    + " NOT NULL DEFAULT <constant>;\n-- or: add it nullable, backfill in batches,"
                    + " then pgsafe safeNotNull"));
      }
    }
  }
}
