package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import java.util.List;

/** The actions of one kind in an {@code ALTER TABLE} on a table that existed before the script. */
final class AlterActions {
  private AlterActions() {}

  static List<AlterAction> onExistingTable(
      Operation op, ScriptContext context, AlterActionKind kind) {
    return onExistingTable(op, context).stream().filter(a -> a.kind() == kind).toList();
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
