package io.github.pgsafe.operations;

import io.github.pgsafe.sql.Identifiers;
import java.nio.charset.StandardCharsets;

/** Names pgsafe makes up for helper objects, cut to PostgreSQL's 63 bytes on a character edge. */
final class DerivedNames {
  private DerivedNames() {}

  /** {@code <table>_<column>_<suffix>}, the front cut so the whole fits in 63 bytes. */
  static String of(String table, String column, String suffix) {
    String tail = "_" + suffix;
    int room = Identifiers.MAX_BYTES - tail.getBytes(StandardCharsets.UTF_8).length;
    return cut(table + "_" + column, room) + tail;
  }

  private static String cut(String text, int maxBytes) {
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > maxBytes) {
        break;
      }
      out.appendCodePoint(cp);
      bytes += len;
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
