package db.migration;

import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.samples.flyway.PgsafeJavaMigration;
import java.sql.Connection;

/**
 * Scenario 2, deployment 2 (contract), once no running application reads {@code users.name}: drop
 * the trigger and the old column in one short transaction.
 */
public class V7__Users_display_name_contract extends PgsafeJavaMigration {
  @Override
  protected void run(Connection connection, LockRetry retry) {
    V6__Users_display_name_expand.rename(retry).contract(connection);
  }
}
