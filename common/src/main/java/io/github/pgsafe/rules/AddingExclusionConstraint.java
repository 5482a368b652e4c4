package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import java.util.EnumSet;
import java.util.Set;

final class AddingExclusionConstraint implements Rule {
  private static final RuleDoc DOC =
      RuleDocs.error(
          "adding-exclusion-constraint",
          "ADD EXCLUDE constraint on an existing table",
          "An exclusion constraint builds its index while holding an ACCESS EXCLUSIVE lock, and"
              + " unlike UNIQUE it cannot be attached from an index built concurrently: there is"
              + " no lock-free way to add one to a table in use.",
          "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during"
              + " WITH &&);",
          "CREATE TABLE bookings (room int, during tstzrange,\n"
              + "  CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));",
          RuleDocs.ALTER_TABLE);

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
        ConstraintActions.added(op, context, c -> c.type() == Detail.ConstraintType.EXCLUDE)) {
      out.add(
          Problem.onTable(
              added.table(),
              "ADD CONSTRAINT ... EXCLUDE builds its index on "
                  + added.table()
                  + " while holding "
                  + LockWords.lockOn(LockMode.ACCESS_EXCLUSIVE, added.table())
                  + " until the build ends, and no concurrent alternative exists. Add it when the"
                  + " table is created, or in a maintenance window, or allow it here with a"
                  + " reason if the table is small.",
              ""));
    }
  }
}
