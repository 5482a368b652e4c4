package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class RequireConcurrentIndexDeletion implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-concurrent-index-deletion",
          "DROP INDEX without CONCURRENTLY",
          "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. The drop itself is"
              + " quick, but while it waits for running queries to finish every new query on the"
              + " table queues behind it. DROP INDEX CONCURRENTLY waits without blocking anyone.",
          "DROP INDEX orders_user_id_idx;",
          "DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;",
          "https://www.postgresql.org/docs/current/sql-dropindex.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.DROP_INDEX);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.DROP_INDEX || op.has(Flag.CONCURRENTLY)) {
      return;
    }
    RelationName index = op.target().orElse(null);
    if (index == null || context.createdInScript(index)) {
      return;
    }
    String message =
        "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table of "
            + index
            + ": while it waits for running queries, every new query on that table, reads"
            + " included, queues behind it. Drop it concurrently (outside a transaction block;"
            + " the pgsafe runtime runs it on its own).";
    String fix =
        "DROP INDEX CONCURRENTLY " + (op.has(Flag.IF_EXISTS) ? "IF EXISTS " : "") + index + ";";
    out.add(Problem.always(message, fix));
  }
}
