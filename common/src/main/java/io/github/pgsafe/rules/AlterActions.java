package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.ArrayList;
import java.util.List;

/** The actions of one kind in an {@code ALTER TABLE} on a table that existed before the script. */
final class AlterActions {
  private AlterActions() {}

  static List<AlterAction> onExistingTable(
      Operation op, ScriptContext context, AlterActionKind kind) {
    List<AlterAction> matching = List.of();
    // Every rule asks this of every statement; a loop that allocates only on a match keeps lint
    // runs from spending their time making empty lists.
    for (AlterAction action : onExistingTable(op, context)) {
      if (action.kind() == kind) {
        if (matching.isEmpty()) {
          matching = new ArrayList<>();
        }
        matching.add(action);
      }
    }
    return matching;
  }

  /** Every action, or none when the statement is no ALTER TABLE of a pre-existing table. */
  static List<AlterAction> onExistingTable(Operation op, ScriptContext context) {
    if (op.kind() != OperationKind.ALTER_TABLE
        || op.target().isEmpty()
        || context.createdInScript(op.target().get())) {
      return List.of();
    }
    return op.actions();
  }

  static RelationName table(Operation op) {
    return op.target().orElseThrow();
  }
}
