package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Effect;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.EnumSet;
import java.util.Set;

final class AddingFieldWithDefault implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "adding-field-with-default",
          "ADD COLUMN that rewrites the table (volatile default, identity, serial, stored"
              + " generated column, or any default before PostgreSQL 11)",
          "Since PostgreSQL 11 a constant or stable default is stored in the catalog and ADD"
              + " COLUMN is instant. A volatile default (random(), gen_random_uuid(), nextval(),"
              + " clock_timestamp()), an identity or serial column, or a STORED generated column"
              + " must compute a value per row: the table and all its indexes are rewritten under"
              + " an ACCESS EXCLUSIVE lock, and every query waits until that ends.",
          "ALTER TABLE orders ADD COLUMN request_id uuid DEFAULT gen_random_uuid();",
          "ALTER TABLE orders ADD COLUMN request_id uuid;\n"
              + "ALTER TABLE orders ALTER COLUMN request_id SET DEFAULT gen_random_uuid();",
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
    for (AlterAction action :
        AlterActions.onExistingTable(op, context, AlterActionKind.ADD_COLUMN)) {
      RelationName table = AlterActions.table(op);
      if (!(action.detail() instanceof Detail.Column column) || !action.has(Effect.REWRITE)) {
        continue;
      }
      String name = Identifiers.quoteIfNeeded(column.column());
      String type = column.type().orElse("<type>");
      String message =
          "Adding "
              + name
              + " "
              + reason(column)
              + " rewrites "
              + table
              + " and all its indexes while holding "
              + LockWords.lockOn(io.github.pgsafe.analysis.LockMode.ACCESS_EXCLUSIVE, table)
              + " until the rewrite ends. Add the column without it, then fill it in batches.";
      StringBuilder fix =
          new StringBuilder("ALTER TABLE ").append(table).append(" ADD COLUMN ").append(name);
      fix.append(' ').append(type).append(";\n");
      column
          .defaultValue()
          .ifPresent(
              value ->
                  fix.append("ALTER TABLE ")
                      .append(table)
                      .append(" ALTER COLUMN ")
                      .append(name)
                      .append(" SET DEFAULT ")
                      .append(value.text())
                      .append(";\n"));
      fix.append("-- then backfill existing rows in batches (pgsafe batchedBackfill), e.g.\n")
          .append("-- UPDATE ")
          .append(table)
          .append(" SET ")
          .append(name)
          .append(" = ... WHERE id > :last AND id <= :next;");
      out.add(Problem.onTable(table, message, fix.toString()));
    }
  }

  private static String reason(Detail.Column column) {
    return switch (column.generation()) {
      case STORED -> "as a STORED generated column";
      case IDENTITY -> "as an identity/serial column";
      default ->
          column
              .defaultValue()
              .map(
                  d ->
                      d.isVolatile()
                          ? "with the volatile default " + d.text()
                          : "with the default " + d.text() + " (before PostgreSQL 11)")
              .orElse("this way");
    };
  }
}
