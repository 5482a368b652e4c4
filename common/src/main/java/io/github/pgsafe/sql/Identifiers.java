package io.github.pgsafe.sql;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The one way a name reaches SQL. {@link #quote} is for SQL that pgsafe runs; {@link
 * #quoteIfNeeded} is for SQL that people read (messages and suggested fixes).
 */
public final class Identifiers {
  /** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server. */
  public static final int MAX_BYTES = 63;

  /** Reserved and type/function-name key words: they cannot stand unquoted as a column name. */
  private static final Set<String> KEY_WORDS =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "authorization",
          "binary",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "collation",
          "column",
          "concurrently",
          "constraint",
          "create",
          "cross",
          "current_catalog",
          "current_date",
          "current_role",
          "current_schema",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "freeze",
          "from",
          "full",
          "grant",
          "group",
          "having",
          "ilike",
          "in",
          "initially",
          "inner",
          "intersect",
          "into",
          "is",
          "isnull",
          "join",
          "lateral",
          "leading",
          "left",
          "like",
          "limit",
          "localtime",
          "localtimestamp",
          "natural",
          "not",
          "notnull",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "overlaps",
          "placing",
          "primary",
          "references",
          "returning",
          "right",
          "select",
          "session_user",
          "similar",
          "some",
          "symmetric",
          "system_user",
          "table",
          "tablesample",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "verbose",
          "when",
          "where",
          "window",
          "with");

  private Identifiers() {}

  /**
   * Quotes {@code name} always: {@code orders} becomes {@code "orders"}, {@code a"b} becomes {@code
   * "a""b"}.
   *
   * @throws IllegalArgumentException if the name is empty, contains a NUL char, or is longer than
   *     63 bytes in UTF-8 (the server would truncate it and act on another name)
   */
  public static String quote(String name) {
    check(name);
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Quotes a name only where PostgreSQL needs it, so suggested SQL reads like hand-written SQL. */
  public static String quoteIfNeeded(String name) {
    check(name);
    return isPlain(name) ? name : quote(name);
  }

  /**
   * Cuts {@code name} to at most 63 bytes of UTF-8 on a character boundary, as PostgreSQL does, for
   * names pgsafe derives from others (a constraint named after its table and column).
   */
  public static String truncateToLimit(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return name;
    }
    int end = name.length();
    while (name.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      end = name.offsetByCodePoints(end, -1);
    }
    return name.substring(0, end);
  }

  /** {@code schema.name} with each part quoted by {@link #quote}; a null schema is left out. */
  public static String quoteQualified(String schema, String name) {
    return schema == null ? quote(name) : quote(schema) + '.' + quote(name);
  }

  /**
   * The name a quoted identifier token stands for: {@code "a""b"} is {@code a"b}; {@code
   * U&"d\0061t"} is {@code dat}.
   */
  public static String unquote(String quoted) {
    boolean unicode = quoted.length() > 2 && (quoted.charAt(0) == 'U' || quoted.charAt(0) == 'u');
    String body = quoted.substring(unicode ? 3 : 1, quoted.length() - 1).replace("\"\"", "\"");
    return unicode ? decodeUnicodeEscapes(body) : body;
  }

  private static boolean isPlain(String name) {
    if (KEY_WORDS.contains(name) || !Lexer.isIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean lowerAscii = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!lowerAscii) {
        return false;
      }
    }
    return true;
  }

  private static void check(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an SQL identifier must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("SQL identifier contains a NUL character: " + name);
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "SQL identifier is %d bytes long, PostgreSQL keeps only %d and would act on a"
                  + " truncated name: %s",
              bytes,
              MAX_BYTES,
              name));
    }
  }

  /**
   * Decodes {@code \XXXX}, {@code \+XXXXXX} and {@code \\} (the default UESCAPE character); an
   * escape that is not valid hex is kept as written (the server rejects such a name anyway).
   */
  private static String decodeUnicodeEscapes(String body) {
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '\\') {
        out.append('\\');
        i += 2;
        continue;
      }
      boolean wide = c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '+';
      int digitsFrom = wide ? i + 2 : i + 1;
      int digitsTo = digitsFrom + (wide ? 6 : 4);
      int codePoint = c == '\\' ? hex(body, digitsFrom, digitsTo) : -1;
      if (codePoint >= 0 && Character.isValidCodePoint(codePoint)) {
        out.appendCodePoint(codePoint);
        i = digitsTo;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int hex(String text, int from, int to) {
    if (to > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
