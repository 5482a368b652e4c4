package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

final class ChangingColumnType implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "changing-column-type",
          "ALTER COLUMN TYPE that rewrites the table",
          "Changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE"
              + " lock, unless the change is binary-coercible: varchar(n) to a longer varchar or to"
              + " text, text to varchar, numeric(p,s) to a larger precision at the same scale,"
              + " cidr to inet, a higher timestamp/time/interval precision. pgsafe knows the old"
              + " type from the script or from the live catalog; when it does not, it assumes the"
              + " rewrite. Use expand/contract instead: a new column kept in sync by a trigger,"
              + " backfilled in batches.",
          "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;",
          "ALTER TABLE accounts ADD COLUMN email varchar(100);\n"
              + "ALTER TABLE accounts ALTER COLUMN email TYPE varchar(320);",
          RuleDocs.ALTER_TABLE + "#SQL-ALTERTABLE-NOTES");

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
        AlterActions.onExistingTable(op, context, AlterActionKind.ALTER_COLUMN_TYPE)) {
      RelationName table = AlterActions.table(op);
      if (!(action.detail() instanceof Detail.Column column) || column.type().isEmpty()) {
        continue;
      }
      String newType = column.type().get();
      Optional<String> oldType = context.columnType(table, column.column());
      if (oldType.isPresent() && TypeChange.avoidsRewrite(oldType.get(), newType)) {
        continue;
      }
      String name = Identifiers.quoteIfNeeded(column.column());
      String from =
          oldType
              .map(t -> "from " + t + " to " + newType + " is not binary-coercible, so it")
              .orElse(
                  "to "
                      + newType
                      + " from a type pgsafe cannot see (give it a --jdbc-url, or declare the"
                      + " table in the script) is assumed to be a rewrite: it");
      String message =
          "Changing "
              + name
              + " "
              + from
              + " rewrites "
              + table
              + " and all its indexes while holding "
              + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table)
              + " until the rewrite ends. Change it with expand/contract: pgsafe's type change"
              + " (Liquibase safeTypeChange, or ExpandContract in a Java migration) adds a new"
              + " column kept in sync by a trigger and backfills it in batches.";
      String fix =
          "-- expand (no long lock):\nALTER TABLE "
              + table
              + " ADD COLUMN "
              + Identifiers.quoteIfNeeded(Identifiers.truncateToLimit(column.column() + "_new"))
              + " "
              + newType
              + ";\n-- sync trigger + batched backfill (pgsafe expand/contract), move the"
              + " application, then contract:\n-- drop the old column and rename the new one.";
      out.add(Problem.onTable(table, message, fix));
    }
  }
}
