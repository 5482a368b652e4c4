package db.migration;

import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.samples.flyway.PgsafeJavaMigration;
import java.sql.Connection;

/**
 * Scenario 2, deployment 1 (expand): add {@code users.display_name}, a trigger that keeps it and
 * {@code name} equal on every write, and fill it in batches. Both names work until the contract;
 * deploy the application that uses {@code display_name} after this migration.
 */
public class V6__Users_display_name_expand extends PgsafeJavaMigration {
  @Override
  protected void run(Connection connection, LockRetry retry) {
    rename(retry).expand(connection);
  }

  static ExpandContract rename(LockRetry retry) {
    return ExpandContract.renameColumn(TableName.of("users"), "name", "display_name", retry);
  }
}
