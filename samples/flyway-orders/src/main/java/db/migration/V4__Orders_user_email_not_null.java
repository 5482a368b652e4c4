package db.migration;

import io.github.pgsafe.operations.SafeNotNull;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.samples.flyway.PgsafeJavaMigration;
import java.sql.Connection;

/**
 * Scenario 1, step 3: {@code CHECK (user_email IS NOT NULL) NOT VALID}, {@code VALIDATE} (scans
 * without blocking writes), then {@code SET NOT NULL}, which skips its scan because of the valid
 * check, and the check is dropped. Only the short steps take ACCESS EXCLUSIVE.
 */
public class V4__Orders_user_email_not_null extends PgsafeJavaMigration {
  @Override
  protected void run(Connection connection, LockRetry retry) {
    SafeNotNull.of(TableName.of("orders"), "user_email", retry).run(connection);
  }
}
