package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class BanVacuumFull implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-vacuum-full",
          "VACUUM FULL",
          "VACUUM FULL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock:"
              + " every query, reads included, waits until the copy is done. A plain VACUUM"
              + " reclaims space for reuse without blocking; to shrink a table online use"
              + " pg_repack or pg_squeeze.",
          "VACUUM FULL orders;",
          "VACUUM (ANALYZE) orders;",
          "https://www.postgresql.org/docs/current/sql-vacuum.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.VACUUM);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.VACUUM || !op.has(Flag.FULL)) {
      return;
    }
    RelationName table = op.target().orElse(null);
    String message =
        "VACUUM FULL rewrites "
            + (table == null ? "every table of the database" : table.toString())
            + " and its indexes while holding "
            + (table == null
                ? "ACCESS EXCLUSIVE locks: every query waits"
                : LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table))
            + " until the rewrite ends. Use plain VACUUM, or pg_repack to shrink the table"
            + " online.";
    String fix = "VACUUM (ANALYZE)" + (table == null ? "" : " " + table) + ";";
    out.add(table == null ? Problem.always(message, fix) : Problem.onTable(table, message, fix));
  }
}
