package io.github.pgsafe.flyway;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Java migration made of pgsafe's safe operations:
 *
 * <pre>{@code
 * public class V7__Orders_customer_fk extends PgsafeJavaMigration {
 *   @Override
 *   protected void migrate(MigrationSteps steps) {
 *     TableName orders = TableName.of("orders");
 *     steps.execute("ALTER TABLE orders ADD COLUMN customer_id bigint");
 *     steps.run(steps.backfill(orders, "customer_id = legacy_customer").where("customer_id IS NULL"));
 *     steps.createIndex(IndexDefinition.on(orders, "orders_customer_idx").column("customer_id"));
 *     steps.addForeignKey(orders, "orders_customer_fk", List.of("customer_id"),
 *         TableName.of("customers"), List.of("id"));
 *     steps.setNotNull(orders, "customer_id");
 *   }
 * }
 * }</pre>
 *
 * <p>Flyway runs it without a transaction ({@link #canExecuteInTransaction()} is false), because
 * pgsafe's operations commit their own short transactions: a backfill commits each batch, {@code
 * CREATE INDEX CONCURRENTLY} cannot run in a transaction at all, and a constraint is validated in a
 * transaction of its own after it was added {@code NOT VALID}. Every step takes its locks with
 * lock_timeout and is retried on lock timeouts, with the {@code flyway.pgsafe.*} settings (or those
 * given to the registered {@link PgsafeCallback}).
 *
 * <p>What a failure leaves: the steps before the failing one are committed, and Flyway records the
 * migration as failed ({@code flyway repair} removes that row). Each operation skips work it finds
 * done (an existing valid index, a validated constraint, a backfill's checkpoint), so after fixing
 * the cause the same migration can run again. To use the steps in a migration that extends another
 * class, override {@code canExecuteInTransaction()} to return false and call {@link
 * MigrationSteps#of(Context)}.
 */
public abstract class PgsafeJavaMigration extends BaseJavaMigration {

  /** Always false: pgsafe's operations manage their own transactions. */
  @Override
  public final boolean canExecuteInTransaction() {
    return false;
  }

  @Override
  public final void migrate(Context context) throws Exception {
    migrate(MigrationSteps.of(context));
  }

  /** The migration's steps; each has run and committed when its method returns. */
  protected abstract void migrate(MigrationSteps steps) throws Exception;
}
