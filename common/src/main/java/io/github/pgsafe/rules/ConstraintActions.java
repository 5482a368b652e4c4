package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Finds the {@code ADD CONSTRAINT} actions of an {@code ALTER TABLE} on a pre-existing table. */
final class ConstraintActions {
  /** One added constraint with the table it is added to. */
  record Added(RelationName table, AlterAction action, Detail.Constraint constraint) {
    /** The constraint's name, or the one PostgreSQL would not give but a fix needs. */
    String nameOr(String suffix) {
      return Identifiers.quoteIfNeeded(
          constraint.name().orElse(Identifiers.truncateToLimit(table.name() + "_" + suffix)));
    }
  }

  private static final Pattern TRAILING_NOT_VALID =
      Pattern.compile("\\s+NOT\\s+VALID\\s*$", Pattern.CASE_INSENSITIVE);

  private ConstraintActions() {}

  static List<Added> added(
      Operation op, ScriptContext context, Predicate<Detail.Constraint> which) {
    List<Added> found = List.of();
    for (AlterAction action :
        AlterActions.onExistingTable(op, context, AlterActionKind.ADD_CONSTRAINT)) {
      if (action.detail() instanceof Detail.Constraint constraint && which.test(constraint)) {
        if (found.isEmpty()) {
          found = new ArrayList<>();
        }
        found.add(new Added(AlterActions.table(op), action, constraint));
      }
    }
    return found;
  }

  /**
   * The fix that adds a constraint without a long lock: {@code NOT VALID} first (a moment), then
   * {@code VALIDATE CONSTRAINT}, which scans under a lock that blocks no reads or writes.
   */
  static String addNotValidThenValidate(RelationName table, String name, String definition) {
    return "ALTER TABLE "
        + table
        + " ADD CONSTRAINT "
        + name
        + " "
        + definition
        + " NOT VALID;\n-- in a separate transaction (it scans, but blocks no one):\nALTER TABLE "
        + table
        + " VALIDATE CONSTRAINT "
        + name
        + ";";
  }

  /** The constraint definition without a trailing {@code NOT VALID}, to re-use in a fix. */
  static String definitionWithoutNotValid(Detail.Constraint constraint) {
    return TRAILING_NOT_VALID.matcher(constraint.definition()).replaceFirst("");
  }
}
