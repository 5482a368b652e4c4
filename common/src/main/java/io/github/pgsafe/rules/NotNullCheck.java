package io.github.pgsafe.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises {@code CHECK (col IS NOT NULL)}, the constraint that lets SET NOT NULL skip its scan.
 */
final class NotNullCheck {
  private static final Pattern DEFINITION =
      Pattern.compile(
          "(?is)\\s*CHECK\\s*\\(+\\s*(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)\\s+IS\\s+NOT\\s+NULL\\s*\\)+\\s*(NOT\\s+VALID\\s*)?");

  private NotNullCheck() {}

  /** The column a {@code CHECK (col IS NOT NULL)} definition tests, as PostgreSQL names it. */
  static Optional<String> column(String definition) {
    Matcher m = DEFINITION.matcher(definition);
    if (!m.matches()) {
      return Optional.empty();
    }
    String column = m.group(1);
    return Optional.of(
        column.startsWith("\"")
            ? column.substring(1, column.length() - 1).replace("\"\"", "\"")
            : column.toLowerCase(java.util.Locale.ROOT));
  }
}
