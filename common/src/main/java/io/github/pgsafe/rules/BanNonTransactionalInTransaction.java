package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.TransactionBlock;

final class BanNonTransactionalInTransaction implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-non-transactional-in-transaction",
          "A statement that cannot run in a transaction block, inside one",
          "CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH PARTITION ..."
              + " CONCURRENTLY, VACUUM, CREATE DATABASE and (before PostgreSQL 12) ALTER TYPE ..."
              + " ADD VALUE fail with SQLSTATE 25001 inside BEGIN ... COMMIT. The migration stops"
              + " half-way. Run them outside the transaction: the pgsafe runtime splits them out"
              + " of a migration by itself, but not out of an explicit BEGIN ... COMMIT.",
          "BEGIN;\nCREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\nCOMMIT;",
          "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
          "https://www.postgresql.org/docs/current/sql-begin.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.transactionBlock() != TransactionBlock.FORBIDDEN || !context.inTransaction()) {
      return;
    }
    String where =
        context.inExplicitTransaction()
            ? "It stands between BEGIN and COMMIT of this script: move it after the COMMIT."
            : "The "
                + context.settings().executionModel().label()
                + " execution model runs the whole file in one transaction. With the pgsafe"
                + " runtime it is split out automatically; with plain Flyway put it in its own"
                + " migration with executeInTransaction=false, with Liquibase in its own changeset"
                + " with runInTransaction=\"false\".";
    out.add(
        Problem.always(
            "This statement cannot run inside a transaction block: PostgreSQL refuses it with"
                + " SQLSTATE 25001 and the migration stops half-way. "
                + where,
            op.statement().sql() + ";"));
  }
}
