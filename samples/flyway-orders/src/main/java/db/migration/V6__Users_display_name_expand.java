package db.migration;

import io.github.pgsafe.flyway.MigrationSteps;
import io.github.pgsafe.flyway.PgsafeJavaMigration;
import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.operations.TableName;

/**
 * Scenario 2, deployment 1 (expand): add {@code users.display_name}, a trigger that keeps it and
 * {@code name} equal on every write, and fill it in batches. Both names work until the contract;
 * deploy the application that uses {@code display_name} after this migration.
 */
public class V6__Users_display_name_expand extends PgsafeJavaMigration {
  @Override
  protected void migrate(MigrationSteps steps) {
    steps.expand(rename(steps));
  }

  static ExpandContract rename(MigrationSteps steps) {
    return steps.renameColumn(TableName.of("users"), "name", "display_name");
  }
}
