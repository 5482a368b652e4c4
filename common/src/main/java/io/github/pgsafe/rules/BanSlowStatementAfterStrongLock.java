package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Effect;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.TableEffect;
import java.util.List;

final class BanSlowStatementAfterStrongLock implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-slow-statement-after-strong-lock",
          "A slow statement after a strong lock in the same transaction",
          "A lock is held until the transaction ends, not until the statement that took it"
              + " ends. A quick ALTER TABLE that takes ACCESS EXCLUSIVE, followed in the same"
              + " transaction by a scan, rewrite, index build or big UPDATE, keeps the first table"
              + " locked for the whole slow part. Commit in between, or run the slow statement"
              + " first.",
          "ALTER TABLE users ADD COLUMN nickname text;\n"
              + "UPDATE orders SET status = 'archived' WHERE created_at < now() - interval '1 year';",
          "ALTER TABLE users ADD COLUMN nickname text;\n"
              + "COMMIT;\nBEGIN;\n"
              + "UPDATE orders SET status = 'archived' WHERE id = 42;",
          RuleDocs.EXPLICIT_LOCKING);

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (!context.inTransaction()) {
      return;
    }
    List<ScriptContext.HeldLock> held = context.heldLocks();
    if (held.isEmpty()) {
      return;
    }
    for (TableEffect effect : op.effects()) {
      if (effect.effect() == Effect.NONE
          || effect.effect() == Effect.TRUNCATE
          || context.createdInScript(effect.relation())
          || (effect.effect() == Effect.ROW_LOCKS && RowReach.touchesFewRows(op))) {
        continue;
      }
      ScriptContext.HeldLock first = held.get(0);
      out.add(
          Problem.onTable(
              effect.relation(),
              first.relation()
                  + " is locked in "
                  + first.mode().sqlName()
                  + " mode since line "
                  + first.line()
                  + " of this transaction ("
                  + LockWords.whoWaits(first.mode(), first.relation())
                  + "), and this statement's "
                  + describe(effect.effect())
                  + " on "
                  + effect.relation()
                  + " keeps it locked until the slow part ends. Commit before this statement (its"
                  + " own migration or changeset), or move it before the statement that takes the"
                  + " lock.",
              ""));
      return;
    }
  }

  private static String describe(Effect effect) {
    return switch (effect) {
      case SCAN -> "full scan";
      case INDEX_BUILD -> "index build";
      case REWRITE -> "rewrite";
      case ROW_LOCKS -> "row changes";
      default -> effect.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
