package io.github.pgsafe.liquibase.internal;

import io.github.pgsafe.runtime.ConnectionSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second connection that the blocker report and the watchdog need, opened like Liquibase's own:
 * same JDBC URL, same user, through the PostgreSQL driver that made Liquibase's connection.
 * Liquibase hands its extensions one connection and no data source, and a JDBC connection does not
 * tell its password, so this works where the server lets the user in without one the driver cannot
 * find: trust or peer authentication, a password in the JDBC URL, or pgJDBC's {@code ~/.pgpass}.
 * Where it does not, pgsafe says so once and goes on with lock_timeout alone.
 */
public final class SideConnections {
  private static final Logger LOG = LoggerFactory.getLogger(SideConnections.class);
  private static final String DRIVER = "org.postgresql.Driver";

  private SideConnections() {}

  /**
   * A source of connections like {@code connection}, if one can be opened now (it is tried once and
   * closed), else empty.
   */
  public static Optional<ConnectionSource> like(Connection connection) {
    ConnectionSource source;
    try {
      DatabaseMetaData meta = connection.getMetaData();
      String url = meta.getURL();
      String user = meta.getUserName();
      Driver driver =
          (Driver)
              Class.forName(DRIVER, true, connection.getClass().getClassLoader())
                  .getDeclaredConstructor()
                  .newInstance();
      source =
          () -> {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("ApplicationName", "pgsafe monitor");
            Connection side = driver.connect(url, properties);
            if (side == null) {
              throw new SQLException("the PostgreSQL driver does not accept " + url);
            }
            return side;
          };
      source.open().close();
    } catch (SQLException | ReflectiveOperationException | LinkageError e) {
      LOG.info(
          "pgsafe: no second connection to watch the migration ({}); lock waits are bounded by"
              + " lock_timeout alone, without the watchdog, and blockers are looked up only after"
              + " a lock timeout. Put the password in the JDBC URL or ~/.pgpass to enable them.",
          e.getMessage());
      return Optional.empty();
    }
    return Optional.of(source);
  }
}
