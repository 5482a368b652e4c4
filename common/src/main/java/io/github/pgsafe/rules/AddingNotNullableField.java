package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.PgFeature;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class AddingNotNullableField implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "adding-not-nullable-field",
          "SET NOT NULL on an existing column",
          "SET NOT NULL reads every row to prove there is no NULL, holding an ACCESS EXCLUSIVE"
              + " lock the whole time: every query on the table waits. From PostgreSQL 12 the scan"
              + " is skipped when a validated CHECK (col IS NOT NULL) already proves it, and that"
              + " check can be added NOT VALID and validated without blocking anyone.",
          "ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;",
          "ALTER TABLE orders ADD CONSTRAINT orders_user_email_not_null"
              + " CHECK (user_email IS NOT NULL) NOT VALID;\n"
              + "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_email_not_null;\n"
              + "ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;\n"
              + "ALTER TABLE orders DROP CONSTRAINT orders_user_email_not_null;",
          RuleDocs.ALTER_TABLE + "#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL");

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
    boolean checkSkipsScan =
        context.settings().pgVersion().has(PgFeature.SET_NOT_NULL_USES_VALID_CHECK);
    for (AlterAction action :
        AlterActions.onExistingTable(op, context, AlterActionKind.SET_NOT_NULL)) {
      RelationName table = AlterActions.table(op);
      if (!(action.detail() instanceof Detail.Column column)
          || (checkSkipsScan && context.provenNotNull(table, column.column()))) {
        continue;
      }
      String name = Identifiers.quoteIfNeeded(column.column());
      String check =
          Identifiers.quoteIfNeeded(
              Identifiers.truncateToLimit(table.name() + "_" + column.column() + "_not_null"));
      String message =
          "SET NOT NULL scans all of "
              + table
              + " to prove "
              + name
              + " has no NULL, holding "
              + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table)
              + " until the scan ends."
              + (checkSkipsScan
                  ? " Prove it first with a CHECK constraint validated without blocking;"
                      + " SET NOT NULL then skips the scan."
                  : " This server (before PostgreSQL 12) cannot skip the scan: keep a validated"
                      + " CHECK constraint instead of NOT NULL.");
      String fix =
          ConstraintActions.addNotValidThenValidate(
                  table, check, "CHECK (" + name + " IS NOT NULL)")
              + (checkSkipsScan
                  ? "\nALTER TABLE "
                      + table
                      + " ALTER COLUMN "
                      + name
                      + " SET NOT NULL;\nALTER TABLE "
                      + table
                      + " DROP CONSTRAINT "
                      + check
                      + ";"
                  : "");
      out.add(Problem.onTable(table, message, fix));
    }
  }
}
