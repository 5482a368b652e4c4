package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class RequireBatchedBackfill implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-batched-backfill",
          "UPDATE or DELETE of a whole table in one statement",
          "One UPDATE or DELETE keeps a lock on every row it changed until the transaction"
              + " commits: application writes to any of those rows wait for the whole statement,"
              + " seconds to minutes on a large table, and the dead rows cannot be vacuumed"
              + " meanwhile. Change the rows in short batches that walk the primary key, each in"
              + " its own transaction: pgsafe's batchedBackfill does that, resumably.",
          "UPDATE orders o SET user_email = u.email FROM users u WHERE u.id = o.user_id;",
          "-- Liquibase: <pgsafe:batchedBackfill tableName=\"orders\"\n"
              + "--   assignments=\"user_email = (SELECT email FROM users u WHERE u.id = orders.user_id)\"/>\n"
              + "UPDATE orders SET status = 'paid' WHERE id = 42;",
          "https://www.postgresql.org/docs/current/sql-update.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.UPDATE, OperationKind.DELETE, OperationKind.MERGE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if ((op.kind() != OperationKind.UPDATE
            && op.kind() != OperationKind.DELETE
            && op.kind() != OperationKind.MERGE)
        || !(op.detail() instanceof Detail.DataChange change)
        || context.createdInScript(change.target())
        || RowReach.touchesFewRows(op)) {
      return;
    }
    RelationName table = change.target();
    String verb = op.kind().name();
    out.add(
        Problem.onTable(
            table,
            "This "
                + verb
                + (change.hasWhere() ? " reaches rows all over " : " changes every row of ")
                + table
                + " in one transaction and keeps each changed row locked until it commits:"
                + " application writes to those rows wait for the whole statement. Run it in"
                + " primary-key batches, each committed on its own (pgsafe batchedBackfill).",
            "-- Liquibase: <pgsafe:batchedBackfill tableName=\""
                + table
                + "\" assignments=\"...\" predicate=\"...\"/>\n-- Java (Flyway): BatchedBackfill.of(\""
                + table
                + "\", \"<assignments>\").where(\"<predicate>\").run(connection);"));
  }
}
