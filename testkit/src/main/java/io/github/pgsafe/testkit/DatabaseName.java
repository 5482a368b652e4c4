package io.github.pgsafe.testkit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name of a database the testkit creates. Only lower-case letters, digits and underscores, so
 * the quoted name is safe to put into SQL as it is.
 */
record DatabaseName(String value) {
  private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** {@code DROP DATABASE ... WITH (FORCE)} exists from PostgreSQL 13 on. */
  static final int FORCE_DROP_SINCE_VERSION_NUM = 130000;

  DatabaseName {
    if (!SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "database name " + value + " must match " + SAFE.pattern());
    }
  }

  String quoted() {
    return '"' + value + '"';
  }

  /** Template0 so that nothing added to template1 leaks in; C collation for repeatable tests. */
  String createStatement() {
    return "CREATE DATABASE "
        + quoted()
        + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'";
  }

  /** Drops the database even while sessions are still connected to it. */
  List<String> dropStatements(int serverVersionNum) {
    if (serverVersionNum >= FORCE_DROP_SINCE_VERSION_NUM) {
      return List.of("DROP DATABASE IF EXISTS " + quoted() + " WITH (FORCE)");
    }
    return List.of(
        "ALTER DATABASE " + quoted() + " WITH ALLOW_CONNECTIONS false",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + value
            + "' AND pid <> pg_backend_pid()",
        "DROP DATABASE IF EXISTS " + quoted());
  }

  @Override
  public String toString() {
    return value;
  }
}
