package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

final class BanTruncateCascade implements Rule {
  private static final Pattern TRAILING_CASCADE =
      Pattern.compile("\\s+CASCADE\\s*$", Pattern.CASE_INSENSITIVE);

  private static final RuleDoc DOC =
      RuleDocs.error(
          "ban-truncate-cascade",
          "TRUNCATE ... CASCADE",
          "CASCADE also empties every table that has a foreign key to the truncated one, and"
              + " the tables that reference those, without naming them: data you did not mean to"
              + " delete is gone, under ACCESS EXCLUSIVE locks on all of them.",
          "TRUNCATE TABLE audit_log CASCADE;",
          "TRUNCATE TABLE audit_log;",
          "https://www.postgresql.org/docs/current/sql-truncate.html");

  @Override
  public RuleDoc doc() {
    return DOC;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.TRUNCATE);
  }

  @Override
  public void check(Operation op, ScriptContext context, Problems out) {
    if (op.kind() != OperationKind.TRUNCATE || !op.has(Flag.CASCADE)) {
      return;
    }
    out.add(
        Problem.always(
            "TRUNCATE ... CASCADE also empties every table that references "
                + op.target().map(Object::toString).orElse("the truncated tables")
                + " through a foreign key, recursively, without naming them. Name every table to"
                + " empty explicitly.",
            TRAILING_CASCADE.matcher(op.statement().sql()).replaceFirst("") + ";"));
  }
}
