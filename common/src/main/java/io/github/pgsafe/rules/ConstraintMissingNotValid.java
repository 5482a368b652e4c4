package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class ConstraintMissingNotValid implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "constraint-missing-not-valid",
          "ADD CHECK constraint without NOT VALID on an existing table",
          "Adding a CHECK constraint reads every row to prove it, holding an ACCESS EXCLUSIVE"
              + " lock: every query on the table waits. Added NOT VALID it applies to new rows at"
              + " once; VALIDATE CONSTRAINT then checks old rows without blocking reads or writes.",
          "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount >= 0);",
          "ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount >= 0) NOT VALID;\n"
              + "ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;",
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
    for (ConstraintActions.Added added :
        ConstraintActions.added(op, context, c -> c.type() == Detail.ConstraintType.CHECK)) {
      if (added.action().has(Flag.NOT_VALID)) {
        continue;
      }
      RelationName table = added.table();
      String name = added.nameOr("check");
      String message =
          "Adding this CHECK constraint scans all of "
              + table
              + " while holding "
              + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table)
              + " until the scan ends. Add it NOT VALID, then validate it in a separate"
              + " transaction, which blocks no reads or writes.";
      String fix =
          ConstraintActions.addNotValidThenValidate(
              table, name, ConstraintActions.definitionWithoutNotValid(added.constraint()));
      out.add(Problem.onTable(table, message, fix));
    }
  }
}
