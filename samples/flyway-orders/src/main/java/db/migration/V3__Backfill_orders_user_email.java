package db.migration;

import io.github.pgsafe.operations.BatchedBackfill;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.samples.flyway.PgsafeJavaMigration;
import java.sql.Connection;

/**
 * Scenario 1, step 2: fill {@code orders.user_email} in keyset batches of about 50 ms, each its own
 * transaction, so an application UPDATE waits at most for one batch. The application already writes
 * {@code user_email} on new orders (expand phase), so rows above the start's upper bound need
 * nothing.
 */
public class V3__Backfill_orders_user_email extends PgsafeJavaMigration {
  @Override
  protected void run(Connection connection, LockRetry retry) {
    BatchedBackfill.of(
            TableName.of("orders"),
            "user_email = (SELECT email FROM users WHERE users.id = orders.user_id)",
            retry)
        .where("user_email IS NULL")
        .run(connection);
  }
}
