package db.migration;

import io.github.pgsafe.flyway.MigrationSteps;
import io.github.pgsafe.flyway.PgsafeJavaMigration;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.BackfillSettings;
import java.time.Duration;

/**
 * Scenario 1, step 2: fill {@code orders.user_email} in keyset batches, each its own transaction,
 * so an application UPDATE waits at most for one batch. The batches aim at 20 ms rather than the
 * default 50 ms: a batch's duration is the longest a write can wait on its row locks, and on a
 * loaded machine batches run several times over their target. The application already writes {@code
 * user_email} on new orders (expand phase), so rows above the start's upper bound need nothing.
 */
public class V3__Backfill_orders_user_email extends PgsafeJavaMigration {
  private static final BackfillSettings BATCHES =
      BackfillSettings.defaults()
          .withAdaptiveBatches(
              Duration.ofMillis(20),
              BackfillSettings.DEFAULT_MIN_BATCH_SIZE,
              BackfillSettings.DEFAULT_MAX_BATCH_SIZE);

  @Override
  protected void migrate(MigrationSteps steps) {
    steps.run(
        steps
            .backfill(
                TableName.of("orders"),
                "user_email = (SELECT email FROM users WHERE users.id = orders.user_id)")
            .where("user_email IS NULL")
            .settings(BATCHES));
  }
}
