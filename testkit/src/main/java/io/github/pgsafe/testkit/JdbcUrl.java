package io.github.pgsafe.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL of the form {@code jdbc:postgresql://hosts/database?parameters}, split so
 * that the database can be swapped while hosts and parameters stay as the user wrote them.
 */
record JdbcUrl(String hosts, String database, String parameters) {
  static final String PREFIX = "jdbc:postgresql://";
  private static final String EXAMPLE = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  static JdbcUrl parse(String text, String origin) {
    if (!text.startsWith(PREFIX)) {
      throw new PostgresServerException(
          "pgsafe testkit: %s is %s, which is not a PostgreSQL JDBC URL of the form %shost:port/database. Use, for example, %s"
              .formatted(origin, redactPasswords(text), PREFIX, EXAMPLE));
    }
    String rest = text.substring(PREFIX.length());
    int question = rest.indexOf('?');
    String address = question < 0 ? rest : rest.substring(0, question);
    String parameters = question < 0 ? "" : rest.substring(question + 1);
    int slash = address.indexOf('/');
    String hosts = slash < 0 ? address : address.substring(0, slash);
    String database = slash < 0 ? "" : address.substring(slash + 1);
    if (hosts.isEmpty()) {
      throw new PostgresServerException(
          "pgsafe testkit: %s is %s, which names no host. Use, for example, %s"
              .formatted(origin, redactPasswords(text), EXAMPLE));
    }
    return new JdbcUrl(hosts, database, parameters);
  }

  /** A server on this machine's loopback address. */
  static JdbcUrl loopback(int port, String database) {
    return new JdbcUrl("127.0.0.1:" + port, database, "");
  }

  JdbcUrl withDatabase(String otherDatabase) {
    return new JdbcUrl(hosts, otherDatabase, parameters);
  }

  /** The {@code user} parameter, if the URL has one. */
  Optional<String> user() {
    return Arrays.stream(parameters.split("&"))
        .filter(p -> p.startsWith("user="))
        .map(p -> URLDecoder.decode(p.substring("user=".length()), StandardCharsets.UTF_8))
        .findFirst();
  }

  String text() {
    return PREFIX + hosts + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  /** The URL with any password replaced by {@code ***}, for logs and messages. */
  String redacted() {
    return redactPasswords(text());
  }

  Connection connect(String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("ApplicationName", "pgsafe-testkit");
    return DriverManager.getConnection(text(), properties);
  }

  static String redactPasswords(String text) {
    return PASSWORD.matcher(text).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return redacted();
  }
}
