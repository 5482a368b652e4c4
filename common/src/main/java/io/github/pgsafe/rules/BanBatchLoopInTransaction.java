package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.SqlSyntaxException;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

final class BanBatchLoopInTransaction implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-batch-loop-in-transaction",
          "A DO block that loops over UPDATE/DELETE batches inside one transaction",
          "The usual \"batched backfill\" advice is a DO block that repeats UPDATE ... LIMIT n"
              + " until nothing is left. A DO block runs in one transaction: every row it changed"
              + " stays locked until the very end, so the batches protect nobody, and its"
              + " \"WHERE col IS NULL ORDER BY id LIMIT n\" query rescans the finished rows each"
              + " time (quadratic). A COMMIT inside the block fails when a migration tool runs"
              + " it in a transaction. Use a keyset backfill that commits each batch:"
              + " pgsafe's batchedBackfill.",
          "DO $$\nBEGIN\n  LOOP\n    UPDATE orders SET user_email = 'x' WHERE id IN (SELECT id"
              + " FROM orders WHERE user_email IS NULL LIMIT 10000);\n    EXIT WHEN NOT FOUND;\n"
              + "  END LOOP;\nEND $$;",
          "-- Liquibase: <pgsafe:batchedBackfill tableName=\"orders\""
              + " assignments=\"user_email = 'x'\" predicate=\"user_email IS NULL\"/>\nDO $$ BEGIN RAISE NOTICE 'no loop here'; END $$;",
          "https://www.postgresql.org/docs/current/sql-do.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.DO);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.DO) {
      return;
    }
    Optional<BodyFacts> body = BodyFacts.of(op.statement());
    if (body.isEmpty() || !body.get().loops || !body.get().changesRows) {
      return;
    }
    if (body.get().commits && !context.inTransaction()) {
      return;
    }
    String message =
        body.get().commits
            ? "This DO block commits inside its loop, but it runs inside a transaction here:"
                + " PostgreSQL stops it with \"invalid transaction termination\". Use pgsafe's"
                + " batchedBackfill, which commits each keyset batch on its own."
            : "This DO block loops over data changes inside one transaction: every row it changes"
                + " stays locked until the whole block ends, so application writes wait as if it"
                + " were one UPDATE, and LIMIT-style batches rescan the finished rows each time."
                + " Use pgsafe's batchedBackfill: keyset batches, each committed on its own.";
    out.add(
        Problem.always(
            message,
            "-- Liquibase: <pgsafe:batchedBackfill tableName=\"...\" assignments=\"...\""
                + " predicate=\"...\"/>\n"
                + "-- Java (Flyway): BatchedBackfill.of(\"<table>\", \"<assignments>\")"
                + ".where(\"<predicate>\").run(connection);"));
  }

  /** What a DO block's body does, read with the SQL lexer (PL/pgSQL shares its tokens). */
  private record BodyFacts(boolean loops, boolean changesRows, boolean commits) {
    static Optional<BodyFacts> of(Statement statement) {
      for (Token token : statement.tokens()) {
        if (token.kind() == TokenKind.DOLLAR_STRING || token.kind() == TokenKind.STRING) {
          return scan(unquote(token));
        }
      }
      return Optional.empty();
    }

    private static Optional<BodyFacts> scan(String body) {
      boolean loops = false;
      boolean changes = false;
      boolean commits = false;
      try {
        for (Statement inner : Splitter.split(body)) {
          for (Token word : inner.tokens()) {
            loops |= word.is("loop");
            changes |= word.is("update") || word.is("delete");
            commits |= word.is("commit");
          }
        }
      } catch (SqlSyntaxException notLexable) {
        return Optional.empty();
      }
      return Optional.of(new BodyFacts(loops, changes, commits));
    }

    private static String unquote(Token body) {
      String text = body.text();
      if (body.kind() == TokenKind.DOLLAR_STRING) {
        int tagEnd = text.indexOf('$', 1) + 1;
        return text.substring(tagEnd, text.length() - tagEnd);
      }
      return text.substring(1, text.length() - 1).replace("''", "'");
    }
  }
}
