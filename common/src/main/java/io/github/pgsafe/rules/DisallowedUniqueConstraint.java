package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.EnumSet;
import java.util.Set;

final class DisallowedUniqueConstraint implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "disallowed-unique-constraint",
          "ADD UNIQUE or PRIMARY KEY constraint that builds its index under the table lock",
          "ADD CONSTRAINT ... UNIQUE / PRIMARY KEY builds a unique index while holding an ACCESS"
              + " EXCLUSIVE lock: every query on the table waits for the whole build. Build the"
              + " index concurrently first, then attach it with USING INDEX, which takes a moment.",
          "ALTER TABLE orders ADD CONSTRAINT orders_reference_key UNIQUE (reference);",
          "CREATE UNIQUE INDEX CONCURRENTLY orders_reference_key ON orders (reference);\n"
              + "ALTER TABLE orders ADD CONSTRAINT orders_reference_key"
              + " UNIQUE USING INDEX orders_reference_key;",
          RuleDocs.ALTER_TABLE + "#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX");

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
    for (ConstraintActions.Added added :
        ConstraintActions.added(
            op,
            context,
            c ->
                c.type() == Detail.ConstraintType.UNIQUE
                    || c.type() == Detail.ConstraintType.PRIMARY_KEY)) {
      if (added.action().has(Flag.USING_INDEX)) {
        continue;
      }
      RelationName table = added.table();
      boolean primary = added.constraint().type() == Detail.ConstraintType.PRIMARY_KEY;
      String keyword = primary ? "PRIMARY KEY" : "UNIQUE";
      String name = added.nameOr(primary ? "pkey" : "key");
      String columns = columnList(added.constraint().definition());
      String message =
          "ADD CONSTRAINT ... "
              + keyword
              + " builds a unique index on "
              + table
              + " while holding "
              + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, table)
              + " until the build ends. Build the index concurrently, then attach it.";
      String fix =
          "CREATE UNIQUE INDEX CONCURRENTLY "
              + name
              + " ON "
              + table
              + " "
              + columns
              + ";\nALTER TABLE "
              + table
              + " ADD CONSTRAINT "
              + name
              + " "
              + keyword
              + " USING INDEX "
              + name
              + ";"
              + (primary ? "\n-- the key columns must already be NOT NULL (see safeNotNull)" : "");
      out.add(Problem.onTable(table, message, fix));
    }
  }

  /** The parenthesised column list of {@code UNIQUE (a, b)} or {@code PRIMARY KEY (a)}. */
  private static String columnList(String definition) {
    int open = definition.indexOf('(');
    int close = definition.lastIndexOf(')');
    return open >= 0 && close > open ? definition.substring(open, close + 1) : "(<columns>)";
  }
}
