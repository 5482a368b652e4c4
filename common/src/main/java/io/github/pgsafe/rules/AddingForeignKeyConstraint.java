package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class AddingForeignKeyConstraint implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "adding-foreign-key-constraint",
          "ADD FOREIGN KEY without NOT VALID on an existing table",
          "Adding a foreign key checks every existing row while holding SHARE ROW EXCLUSIVE"
              + " locks on both tables: writes to both wait until the check ends. Added NOT VALID"
              + " the constraint applies to new rows at once and takes only a moment; VALIDATE"
              + " CONSTRAINT then checks old rows under a SHARE UPDATE EXCLUSIVE lock that blocks"
              + " no reads or writes.",
          "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)"
              + " REFERENCES users (id);",
          "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)"
              + " REFERENCES users (id) NOT VALID;\n"
              + "ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
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
        ConstraintActions.added(op, context, c -> c.type() == Detail.ConstraintType.FOREIGN_KEY)) {
      if (added.action().has(Flag.NOT_VALID)) {
        continue;
      }
      RelationName table = added.table();
      String referenced =
          added
              .constraint()
              .references()
              .map(RelationName::toString)
              .orElse("the referenced table");
      String name = added.nameOr("fkey");
      String definition = ConstraintActions.definitionWithoutNotValid(added.constraint());
      String message =
          "Adding this foreign key checks every row of "
              + table
              + " while holding "
              + LockWords.lockOn(LockMode.SHARE_ROW_EXCLUSIVE, table)
              + ", and on "
              + referenced
              + " too, until the check ends. Add it NOT VALID (a moment), then validate it in a"
              + " separate transaction, which blocks no reads or writes.";
      String fix = ConstraintActions.addNotValidThenValidate(table, name, definition);
      out.add(Problem.onTable(table, message, fix));
    }
  }
}
