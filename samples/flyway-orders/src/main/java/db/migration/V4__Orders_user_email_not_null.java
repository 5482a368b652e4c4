package db.migration;

import io.github.pgsafe.flyway.MigrationSteps;
import io.github.pgsafe.flyway.PgsafeJavaMigration;
import io.github.pgsafe.operations.TableName;

/**
 * Scenario 1, step 3: {@code CHECK (user_email IS NOT NULL) NOT VALID}, {@code VALIDATE} (scans
 * without blocking writes), then {@code SET NOT NULL}, which skips its scan because of the valid
 * check, and the check is dropped. Only the short steps take ACCESS EXCLUSIVE.
 */
public class V4__Orders_user_email_not_null extends PgsafeJavaMigration {
  @Override
  protected void migrate(MigrationSteps steps) {
    steps.setNotNull(TableName.of("orders"), "user_email");
  }
}
