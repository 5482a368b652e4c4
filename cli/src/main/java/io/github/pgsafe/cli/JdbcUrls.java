package io.github.pgsafe.cli;

/** Shows JDBC URLs in messages without their password. */
final class JdbcUrls {
  private JdbcUrls() {}

  /** {@code jdbc:postgresql://h/db?user=u&password=secret} as {@code ...password=<masked>}. */
  static String masked(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, query + 1));
    String[] params = url.substring(query + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      String param = params[i];
      if (i > 0) {
        out.append('&');
      }
      int equals = param.indexOf('=');
      String name = equals < 0 ? param : param.substring(0, equals);
      out.append(name.equalsIgnoreCase("password") ? name + "=<masked>" : param);
    }
    return out.toString();
  }
}
