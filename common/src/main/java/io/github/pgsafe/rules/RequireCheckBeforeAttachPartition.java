package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Effect;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.analysis.TableEffect;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class RequireCheckBeforeAttachPartition implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-check-before-attach-partition",
          "ATTACH PARTITION that scans the partition under an ACCESS EXCLUSIVE lock",
          "ATTACH PARTITION reads every row of the new partition to prove it fits the bound,"
              + " holding an ACCESS EXCLUSIVE lock on it. A validated CHECK constraint that"
              + " matches the bound lets PostgreSQL skip the scan; the check can be added NOT"
              + " VALID and validated without blocking anyone.",
          "ALTER TABLE measurements ATTACH PARTITION measurements_2024\n"
              + "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
          "ALTER TABLE measurements_2024 ADD CONSTRAINT measurements_2024_bound\n"
              + "  CHECK (logdate >= '2024-01-01' AND logdate < '2025-01-01') NOT VALID;\n"
              + "ALTER TABLE measurements_2024 VALIDATE CONSTRAINT measurements_2024_bound;\n"
              + "-- pgsafe:allow require-check-before-attach-partition reason: the validated"
              + " check proves the bound\n"
              + "ALTER TABLE measurements ATTACH PARTITION measurements_2024\n"
              + "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
          RuleDocs.ALTER_TABLE + "#SQL-ALTERTABLE-ATTACH-PARTITION");

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
        AlterActions.onExistingTable(op, context, AlterActionKind.ATTACH_PARTITION)) {
      if (!(action.detail() instanceof Detail.Partition partition)
          || context.createdInScript(partition.partition())) {
        continue;
      }
      RelationName child = partition.partition();
      boolean scans =
          action.effects().stream()
              .filter(e -> e.relation().sameAs(child))
              .map(TableEffect::effect)
              .anyMatch(Effect::readsWholeTable);
      if (!scans) {
        continue;
      }
      String check =
          Identifiers.quoteIfNeeded(Identifiers.truncateToLimit(child.name() + "_bound"));
      out.add(
          Problem.onTable(
              child,
              "ATTACH PARTITION scans all of "
                  + child
                  + " to prove its rows fit "
                  + partition.bound().orElse("the bound")
                  + ", holding "
                  + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, child)
                  + " until the scan ends. Prove the bound first with a CHECK constraint"
                  + " validated without blocking; the attach then skips the scan.",
              ConstraintActions.addNotValidThenValidate(
                      child, check, "CHECK (<the bound as a condition on the partition key>)")
                  + "\n"
                  + op.statement().sql()
                  + ";\nALTER TABLE "
                  + child
                  + " DROP CONSTRAINT "
                  + check
                  + ";"));
    }
  }
}
