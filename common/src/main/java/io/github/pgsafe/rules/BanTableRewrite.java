package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Effect;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class BanTableRewrite implements Rule {
  /** Actions whose rewrite a more specific rule explains with a better fix. */
  private static final Set<AlterActionKind> EXPLAINED_ELSEWHERE =
      Set.of(
          AlterActionKind.ADD_COLUMN,
          AlterActionKind.ALTER_COLUMN_TYPE,
          AlterActionKind.UNRECOGNISED);

  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-table-rewrite",
          "ALTER TABLE actions that rewrite the table (SET TABLESPACE, SET LOGGED/UNLOGGED, SET"
              + " ACCESS METHOD, ...)",
          "These actions copy the whole table and its indexes while holding an ACCESS EXCLUSIVE"
              + " lock: every query waits until the copy is done. Do them in a maintenance window,"
              + " or move the data with a new table filled in batches.",
          "ALTER TABLE orders SET TABLESPACE fast_ssd;",
          "ALTER TABLE orders SET (fillfactor = 90);",
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
    for (AlterAction action : AlterActions.onExistingTable(op, context)) {
      RelationName table = AlterActions.table(op);
      if (EXPLAINED_ELSEWHERE.contains(action.kind()) || !action.has(Effect.REWRITE)) {
        continue;
      }
      out.add(
          Problem.onTable(
              table,
              action.text()
                  + " rewrites "
                  + table
                  + " and its indexes while holding "
                  + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table)
                  + " until the copy ends. Run it in a maintenance window, or build a new table"
                  + " and move the rows in batches.",
              ""));
    }
  }
}
