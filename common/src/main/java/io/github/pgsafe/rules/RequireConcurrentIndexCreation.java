package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Effect;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class RequireConcurrentIndexCreation implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-concurrent-index-creation",
          "CREATE INDEX without CONCURRENTLY on an existing table",
          "CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE"
              + " and DELETE waits until the index is complete, minutes on a large table."
              + " CREATE INDEX CONCURRENTLY builds it while writes go on.",
          "CREATE INDEX orders_user_id_idx ON orders (user_id);",
          "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
          RuleDocs.CREATE_INDEX + "#SQL-CREATEINDEX-CONCURRENTLY");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.CREATE_INDEX);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.CREATE_INDEX
        || op.has(Flag.CONCURRENTLY)
        || !(op.detail() instanceof Detail.Index index)
        || context.createdInScript(index.table())
        || op.effectOn(index.table()) != Effect.INDEX_BUILD
        || onlyOnPartitionedParent(op, index, context)) {
      return;
    }
    RelationName table = index.table();
    String message =
        "CREATE INDEX takes "
            + LockWords.lockOn(LockMode.SHARE, table)
            + " until the whole index is built. Build it without blocking writes. It cannot run"
            + " inside a transaction block: the pgsafe runtime runs it on its own, with"
            + " lock_timeout and retries (plain Flyway: its own migration with"
            + " executeInTransaction=false; Liquibase: the concurrentIndex change or"
            + " runInTransaction=\"false\"). A failed build leaves an INVALID index; pgsafe drops"
            + " it, or drop it yourself with the DROP statement below.";
    out.add(Problem.onTable(table, message, fix(op, index)));
  }

  /**
   * {@code CREATE INDEX ... ON ONLY parent} on a partitioned table builds nothing: it is the first
   * step of the safe recipe (then CONCURRENTLY on each partition, then ATTACH). Without catalog
   * facts ONLY is taken as that recipe, since on a plain table it has no use.
   */
  private static boolean onlyOnPartitionedParent(
      Operation op, Detail.Index index, ScriptContext context) {
    return op.has(Flag.ONLY) && context.table(index.table()).map(t -> t.partitioned()).orElse(true);
  }

  static String fix(Operation op, Detail.Index index) {
    StringBuilder sql = new StringBuilder("CREATE ");
    if (op.has(Flag.UNIQUE)) {
      sql.append("UNIQUE ");
    }
    sql.append("INDEX CONCURRENTLY ");
    index.name().ifPresent(name -> sql.append(Identifiers.quoteIfNeeded(name)).append(' '));
    sql.append("ON ").append(index.table());
    if (!index.method().equalsIgnoreCase("btree")) {
      sql.append(" USING ").append(index.method());
    }
    sql.append(' ').append(index.keys());
    index.include().ifPresent(include -> sql.append(" INCLUDE ").append(include));
    index.where().ifPresent(where -> sql.append(" WHERE ").append(where));
    sql.append(';');
    index
        .name()
        .ifPresent(
            name ->
                sql.append("\n-- after a failed build:\nDROP INDEX CONCURRENTLY IF EXISTS ")
                    .append(Identifiers.quoteIfNeeded(name))
                    .append(';'));
    return sql.toString();
  }
}
