package io.github.pgsafe.samples.flyway;

import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import java.sql.Connection;
import javax.sql.DataSource;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A Flyway Java migration that runs one of pgsafe's safe operations. The operations commit in
 * batches or run CONCURRENTLY, so the migration must not run inside Flyway's transaction.
 *
 * <p>pgsafe-flyway has no Java-migration helper yet; this is the few lines it would hold. Settings
 * are the runtime's defaults (80 ms lock_timeout, retries).
 */
public abstract class PgsafeJavaMigration extends BaseJavaMigration {

  @Override
  public final boolean canExecuteInTransaction() {
    return false;
  }

  @Override
  public final void migrate(Context context) throws Exception {
    DataSource dataSource = context.getConfiguration().getDataSource();
    // A second connection lets pgsafe report blockers and run its watchdog while this one waits.
    LockRetry retry = LockRetry.create(PgsafeSettings.defaults(), dataSource::getConnection);
    run(context.getConnection(), retry);
  }

  /** Runs the operation on {@code connection} (auto-commit) with {@code retry}. */
  protected abstract void run(Connection connection, LockRetry retry) throws Exception;
}
