package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class BanCluster implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-cluster",
          "CLUSTER",
          "CLUSTER rewrites the table in index order under an ACCESS EXCLUSIVE lock: every query,"
              + " reads included, waits until the copy is done. pg_repack --order-by does the same"
              + " online.",
          "CLUSTER orders USING orders_pkey;",
          "-- online: pg_repack --table=orders --order-by=id",
          "https://www.postgresql.org/docs/current/sql-cluster.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.CLUSTER);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.CLUSTER) {
      return;
    }
    RelationName table = op.target().orElse(null);
    if (table != null && context.createdInScript(table)) {
      return;
    }
    String message =
        "CLUSTER rewrites "
            + (table == null ? "every previously clustered table" : table.toString())
            + " while holding "
            + (table == null
                ? "ACCESS EXCLUSIVE locks: every query waits"
                : LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table))
            + " until the rewrite ends. Use pg_repack --order-by to do it online.";
    String fix = table == null ? "" : "-- online: pg_repack --table=" + table + " --order-by=<key>";
    out.add(table == null ? Problem.always(message, fix) : Problem.onTable(table, message, fix));
  }
}
