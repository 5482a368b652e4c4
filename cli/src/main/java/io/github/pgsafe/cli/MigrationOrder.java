package io.github.pgsafe.cli;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order Flyway applies migration files in: versioned files ({@code V1__a.sql}) by version
 * ({@code V1 < V1.1 < V2 < V10}; {@code 1.0} equals {@code 1}), then repeatable ones ({@code
 * R__b.sql}) by description, then any other file by natural order ({@code 2_x.sql < 10_x.sql}).
 * Ties fall back to the whole path, so the order is total and does not depend on the file system.
 */
final class MigrationOrder {
  /** Compares file names (without directories). */
  static final Comparator<String> BY_FILE_NAME = MigrationOrder::compareNames;

  private MigrationOrder() {}

  private enum Category {
    VERSIONED,
    REPEATABLE,
    OTHER
  }

  private record Key(Category category, List<BigInteger> version, String rest) {}

  static int compareNames(String a, String b) {
    Key ka = key(a);
    Key kb = key(b);
    int c = ka.category().compareTo(kb.category());
    if (c != 0) {
      return c;
    }
    if (ka.category() == Category.VERSIONED) {
      c = compareVersions(ka.version(), kb.version());
      if (c != 0) {
        return c;
      }
    }
    c = compareNatural(ka.rest(), kb.rest());
    return c != 0 ? c : a.compareTo(b);
  }

  private static Key key(String name) {
    int separator = name.indexOf("__");
    if (separator > 0 && (name.charAt(0) == 'R' || name.charAt(0) == 'r') && separator == 1) {
      return new Key(Category.REPEATABLE, List.of(), name.substring(3));
    }
    if (separator > 1 && (name.charAt(0) == 'V' || name.charAt(0) == 'v')) {
      List<BigInteger> version = version(name.substring(1, separator));
      if (version != null) {
        return new Key(Category.VERSIONED, version, name.substring(separator + 2));
      }
    }
    return new Key(Category.OTHER, List.of(), name);
  }

  /** {@code 1.2_3} as [1, 2, 3] without trailing zeros; null if it is not a version. */
  private static List<BigInteger> version(String text) {
    List<BigInteger> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.' || text.charAt(i) == '_') {
        if (i == start) {
          return null;
        }
        parts.add(new BigInteger(text.substring(start, i)));
        start = i + 1;
      } else if (!isDigit(text.charAt(i))) {
        return null;
      }
    }
    while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }

  private static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
      BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Natural order: runs of ASCII digits compare as numbers, everything else char by char. */
  static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int ei = digitsEnd(a, i);
        int ej = digitsEnd(b, j);
        int c = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }
}
