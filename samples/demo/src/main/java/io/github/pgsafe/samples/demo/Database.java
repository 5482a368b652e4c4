package io.github.pgsafe.samples.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where one database is: a JDBC URL and the role, with connections named for pg_stat_activity. */
record Database(String name, String jdbcUrl, String user, String password) {
  /** The application_name of the simulated application's sessions. */
  static final String APP = "pgsafe-demo-app";

  /** The application_name of the lock monitor's session. */
  static final String MONITOR = "pgsafe-demo-monitor";

  Connection connect(String applicationName) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", applicationName);
    return DriverManager.getConnection(jdbcUrl, props);
  }
}
