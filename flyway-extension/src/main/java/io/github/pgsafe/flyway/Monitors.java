package io.github.pgsafe.flyway;

import io.github.pgsafe.runtime.ConnectionSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;

/** Side connections for blocker reports and the watchdog, from Flyway's own data source. */
final class Monitors {
  private Monitors() {}

  static Optional<ConnectionSource> of(Configuration configuration) {
    DataSource dataSource = configuration.getDataSource();
    return dataSource == null ? Optional.empty() : Optional.of(dataSource::getConnection);
  }
}
