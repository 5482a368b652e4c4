package db.migration;

import io.github.pgsafe.flyway.MigrationSteps;
import io.github.pgsafe.flyway.PgsafeJavaMigration;

/**
 * Scenario 2, deployment 2 (contract), once no running application reads {@code users.name}: drop
 * the trigger and the old column in one short transaction.
 */
public class V7__Users_display_name_contract extends PgsafeJavaMigration {
  @Override
  protected void migrate(MigrationSteps steps) {
    steps.contract(V6__Users_display_name_expand.rename(steps));
  }
}
