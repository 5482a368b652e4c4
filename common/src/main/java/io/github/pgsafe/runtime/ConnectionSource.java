package io.github.pgsafe.runtime;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the extra connection that watches a migration from the side: the blocker report and the
 * watchdog read {@code pg_stat_activity} through it while the migration's own connection waits.
 * {@code dataSource::getConnection} fits. pgsafe closes every connection it opens.
 */
@FunctionalInterface
public interface ConnectionSource {
  Connection open() throws SQLException;
}
