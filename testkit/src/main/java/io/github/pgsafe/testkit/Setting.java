package io.github.pgsafe.testkit;

import java.util.Map;
import java.util.Optional;

/**
 * One testkit setting, read from an environment variable or a system property. A blank value counts
 * as unset; two different values are an error, never a silent choice.
 */
record Setting(String environmentVariable, String systemProperty) {

  /** A value that was set, and where it came from, for messages. */
  record Value(String text, String origin) {}

  Optional<Value> read(Map<String, String> environment, Map<String, String> systemProperties) {
    Optional<String> fromEnvironment = nonBlank(environment.get(environmentVariable));
    Optional<String> fromProperty = nonBlank(systemProperties.get(systemProperty));
    if (fromEnvironment.isPresent()
        && fromProperty.isPresent()
        && !fromEnvironment.get().equals(fromProperty.get())) {
      throw new PostgresServerException(
          "pgsafe testkit: environment variable %s=%s and system property %s=%s disagree. Set only one of them, or give both the same value."
              .formatted(
                  environmentVariable,
                  JdbcUrl.redactPasswords(fromEnvironment.get()),
                  systemProperty,
                  JdbcUrl.redactPasswords(fromProperty.get())));
    }
    return fromEnvironment
        .map(text -> new Value(text, "environment variable " + environmentVariable))
        .or(() -> fromProperty.map(text -> new Value(text, "system property " + systemProperty)));
  }

  /** Both spellings, for messages: {@code PGSAFE_PG_VERSION (or -Dpgsafe.pg.version)}. */
  String spellings() {
    return environmentVariable + " (or -D" + systemProperty + ")";
  }

  private static Optional<String> nonBlank(String text) {
    return Optional.ofNullable(text).map(String::strip).filter(s -> !s.isEmpty());
  }
}
