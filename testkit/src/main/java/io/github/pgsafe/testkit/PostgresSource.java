package io.github.pgsafe.testkit;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the shared server comes from; chosen by {@code PGSAFE_TEST_SOURCE} or the defaults. */
public enum PostgresSource {
  /** An existing server at {@code PGSAFE_TEST_JDBC_URL}; the default when that variable is set. */
  JDBC_URL("url", "an existing server"),
  /** A container started by Testcontainers; only when {@code PGSAFE_TEST_SOURCE=testcontainers}. */
  TESTCONTAINERS("testcontainers", "a Testcontainers container"),
  /** A server started from zonky's embedded binaries; the default otherwise. */
  EMBEDDED("embedded", "the embedded server");

  private final String settingValue;
  private final String description;

  PostgresSource(String settingValue, String description) {
    this.settingValue = settingValue;
    this.description = description;
  }

  /** How {@code PGSAFE_TEST_SOURCE} spells this source. */
  public String settingValue() {
    return settingValue;
  }

  /** For messages: "an existing server", "a Testcontainers container", "the embedded server". */
  String description() {
    return description;
  }

  static Optional<PostgresSource> fromSettingValue(String text) {
    return Arrays.stream(values()).filter(s -> s.settingValue.equals(text)).findFirst();
  }

  static String settingValues() {
    return Arrays.stream(values()).map(s -> s.settingValue).collect(Collectors.joining(", "));
  }
}
