package io.github.pgsafe.flyway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reading results back in the Flyway tests. */
public final class Db {
  private Db() {}

  /** The first column of the first row of {@code sql}. */
  public static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The versioned rows of flyway_schema_history as {@code "1:true 2:true"}. */
  public static String history(Connection c) throws SQLException {
    return single(
        c,
        "SELECT string_agg(version || ':' || success, ' ' ORDER BY installed_rank)"
            + " FROM flyway_schema_history WHERE version IS NOT NULL");
  }

  /** The messages of {@code e} and all its causes, one a line: wrappers hide pgsafe's. */
  public static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
