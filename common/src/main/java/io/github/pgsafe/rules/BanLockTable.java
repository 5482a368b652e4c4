package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationLock;
import java.util.EnumSet;
import java.util.Set;

final class BanLockTable implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-lock-table",
          "LOCK TABLE in a mode that blocks writes",
          "An explicit LOCK TABLE ... IN SHARE MODE or stronger blocks the application's writes"
              + " (ACCESS EXCLUSIVE also its reads) until the transaction ends, including every"
              + " slow statement that follows it. Statements take the locks they need by"
              + " themselves; pgsafe bounds their waits with lock_timeout.",
          "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;",
          "LOCK TABLE orders IN ROW EXCLUSIVE MODE;",
          "https://www.postgresql.org/docs/current/sql-lock.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.LOCK_TABLE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.LOCK_TABLE) {
      return;
    }
    for (RelationLock lock : op.locks()) {
      if (!lock.mode().blocksWrites() || context.createdInScript(lock.relation())) {
        continue;
      }
      out.add(
          Problem.always(
              "LOCK TABLE takes "
                  + LockWords.lockOn(lock.mode(), lock.relation())
                  + ", and keeps it until the transaction ends, across every statement after it."
                  + " Remove it: each statement takes the lock it needs, and pgsafe bounds the"
                  + " wait with lock_timeout.",
              ""));
    }
  }
}
