package io.github.pgsafe.liquibase.change;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits attribute values such as {@code "a, lower(b), coalesce(c, d)"} at top-level commas. */
final class SqlList {
  private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$]*");

  private SqlList() {}

  static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        parts.add(current.toString().strip());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    parts.add(current.toString().strip());
    return parts;
  }

  static boolean isPlainName(String part) {
    return PLAIN_NAME.matcher(part).matches();
  }
}
