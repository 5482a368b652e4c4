package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.PgFeature;
import io.github.pgsafe.sql.Token;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

final class RequireConcurrentReindex implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "require-concurrent-reindex",
          "REINDEX without CONCURRENTLY",
          "REINDEX TABLE takes a SHARE lock on the table and an ACCESS EXCLUSIVE lock on each"
              + " index it rebuilds: writes wait for the whole rebuild, and queries that use the"
              + " index wait too. REINDEX ... CONCURRENTLY (PostgreSQL 12+) rebuilds without"
              + " blocking them.",
          "REINDEX TABLE orders;",
          "REINDEX TABLE CONCURRENTLY orders;",
          "https://www.postgresql.org/docs/current/sql-reindex.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.REINDEX);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.REINDEX || op.has(Flag.CONCURRENTLY)) {
      return;
    }
    if (op.target().map(context::createdInScript).orElse(false)) {
      return;
    }
    String target = op.target().map(Object::toString).orElse("the named objects");
    String message =
        "REINDEX blocks writes to "
            + target
            + " and every query that uses the rebuilt indexes until the rebuild ends.";
    if (!context.settings().pgVersion().has(PgFeature.REINDEX_CONCURRENTLY)) {
      out.add(
          Problem.always(
              message
                  + " This server has no REINDEX CONCURRENTLY; build a new"
                  + " index with CREATE INDEX CONCURRENTLY and drop the old one concurrently.",
              ""));
      return;
    }
    out.add(
        Problem.always(
            message
                + " Rebuild it concurrently, outside a transaction block (the pgsafe runtime runs"
                + " it on its own).",
            withConcurrently(
                op.statement().tokens(),
                op.statement().sql(),
                op.statement().tokens().get(0).offset())));
  }

  /** Inserts CONCURRENTLY after INDEX, TABLE, SCHEMA or DATABASE, as REINDEX wants it. */
  private static String withConcurrently(List<Token> tokens, String sql, int base) {
    for (Token token : tokens) {
      if (token.is("index") || token.is("table") || token.is("schema") || token.is("database")) {
        int at = token.endOffset() - base;
        return sql.substring(0, at) + " CONCURRENTLY" + sql.substring(at) + ";";
      }
    }
    return sql + ";";
  }
}
