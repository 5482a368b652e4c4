package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.PgFeature;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class RequireConcurrentPartitionDetach implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-concurrent-partition-detach",
          "DETACH PARTITION without CONCURRENTLY",
          "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table: every query"
              + " on it, reads included, waits. DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+)"
              + " takes only SHARE UPDATE EXCLUSIVE on the parent.",
          "ALTER TABLE measurements DETACH PARTITION measurements_2023;",
          "ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;",
          RuleDocs.ALTER_TABLE + "#SQL-ALTERTABLE-DETACH-PARTITION");

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
    if (op.kind() != OperationKind.ALTER_TABLE || op.target().isEmpty()) {
      return;
    }
    RelationName parent = op.target().get();
    for (AlterAction action : op.actions()) {
      if (action.kind() != AlterActionKind.DETACH_PARTITION
          || action.has(Flag.CONCURRENTLY)
          || action.has(Flag.FINALIZE)
          || context.createdInScript(parent)) {
        continue;
      }
      String partition =
          action.detail() instanceof Detail.Partition p
              ? p.partition().toString()
              : "the partition";
      String message =
          "DETACH PARTITION takes an ACCESS EXCLUSIVE lock on "
              + parent
              + ": every query on "
              + parent
              + ", reads included, waits.";
      if (!context.settings().pgVersion().has(PgFeature.DETACH_PARTITION_CONCURRENTLY)) {
        out.add(Problem.always(message + " DETACH ... CONCURRENTLY needs PostgreSQL 14.", ""));
      } else {
        out.add(
            Problem.always(
                message + " Detach it concurrently, outside a transaction block.",
                "ALTER TABLE " + parent + " DETACH PARTITION " + partition + " CONCURRENTLY;"));
      }
    }
  }
}
