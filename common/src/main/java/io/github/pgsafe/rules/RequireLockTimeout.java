package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.RelationLock;

final class RequireLockTimeout implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.warning(
          "require-lock-timeout",
          "A strong lock requested with no lock_timeout set",
          "A statement that waits for its lock queues every later query on the table behind it:"
              + " a one-millisecond ALTER TABLE waiting behind one long report takes the"
              + " application down. lock_timeout bounds the wait. The pgsafe runtime (Flyway and"
              + " Liquibase extensions) sets it for every migration, with retries, so this is only"
              + " a warning: it matters when the script runs some other way. Reported once per"
              + " file.",
          "ALTER TABLE orders ADD COLUMN note text;",
          "SET lock_timeout = '95ms';\nALTER TABLE orders ADD COLUMN note text;",
          "https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (context.lockTimeoutSet() || context.lockTimeoutWarned()) {
      return;
    }
    for (RelationLock lock : op.locks()) {
      if (lock.mode().compareTo(LockMode.SHARE_UPDATE_EXCLUSIVE) > 0
          && !context.createdInScript(lock.relation())) {
        context.markLockTimeoutWarned();
        out.add(
            Problem.always(
                "This statement asks for "
                    + LockWords.lockOn(lock.mode(), lock.relation())
                    + " and, while it waits for that lock, so does every query that comes"
                    + " after it. Nothing in this file sets lock_timeout. The pgsafe runtime sets"
                    + " it for you; when the file runs another way, set it first.",
                "SET lock_timeout = '95ms';"));
        return;
      }
    }
  }
}
