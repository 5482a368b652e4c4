package io.github.pgsafe.runtime;

import java.util.Locale;

/**
 * How each front end spells a setting key. All spellings are derived from the one key declared in
 * {@link PgsafeSettings}, so they cannot drift apart: {@code retry.maxAttempts} is {@code
 * flyway.pgsafe.retry.maxAttempts}, {@code FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS}, {@code
 * liquibase.pgsafe.retry.maxAttempts}, {@code pgsafe.retry.max-attempts} and {@code
 * --retry-max-attempts}.
 */
public enum SettingSpelling {
  /** The key itself, {@code retry.maxAttempts}. */
  KEY,
  /** Flyway configuration, {@code flyway.pgsafe.retry.maxAttempts}. */
  FLYWAY,
  /** Flyway environment variable, {@code FLYWAY_PGSAFE_RETRY_MAX_ATTEMPTS}. */
  FLYWAY_ENVIRONMENT,
  /** Liquibase property, {@code liquibase.pgsafe.retry.maxAttempts}. */
  LIQUIBASE,
  /** Spring Boot property, {@code pgsafe.retry.max-attempts}. */
  SPRING,
  /** Command-line flag, {@code --retry-max-attempts}. */
  CLI;

  /** {@code key} as this front end spells it. */
  public String of(String key) {
    return switch (this) {
      case KEY -> key;
      case FLYWAY -> "flyway.pgsafe." + key;
      case FLYWAY_ENVIRONMENT ->
          "FLYWAY_PGSAFE_"
              + kebab(key).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
      case LIQUIBASE -> "liquibase.pgsafe." + key;
      case SPRING -> "pgsafe." + kebab(key);
      case CLI -> "--" + kebab(key).replace('.', '-');
    };
  }

  private static String kebab(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
