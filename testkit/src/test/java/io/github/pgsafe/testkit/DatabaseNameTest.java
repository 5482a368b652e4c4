package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatabaseNameTest {
  private final DatabaseName name = new DatabaseName("pgsafe_test_1a2b3c4d_7");

  @Test
  void createsFromTemplate0WithUtf8AndCCollation() {
    assertThat(name.createStatement())
        .isEqualTo(
            "CREATE DATABASE \"pgsafe_test_1a2b3c4d_7\" TEMPLATE template0 ENCODING 'UTF8'"
                + " LC_COLLATE 'C' LC_CTYPE 'C'");
  }

  @Test
  void dropsWithForceFromPostgres13On() {
    assertThat(name.dropStatements(130000))
        .containsExactly("DROP DATABASE IF EXISTS \"pgsafe_test_1a2b3c4d_7\" WITH (FORCE)");
    assertThat(name.dropStatements(180006)).hasSize(1);
  }

  @Test
  void locksOutAndTerminatesSessionsBeforeDroppingOnPostgres12() {
    assertThat(name.dropStatements(120022))
        .containsExactly(
            "ALTER DATABASE \"pgsafe_test_1a2b3c4d_7\" WITH ALLOW_CONNECTIONS false",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = 'pgsafe_test_1a2b3c4d_7' AND pid <> pg_backend_pid()",
            "DROP DATABASE IF EXISTS \"pgsafe_test_1a2b3c4d_7\"");
  }

  @Test
  void rejectsNamesThatWouldNeedEscaping() {
    assertThrows(IllegalArgumentException.class, () -> new DatabaseName("x\"; DROP DATABASE y"));
    assertThrows(IllegalArgumentException.class, () -> new DatabaseName("Upper"));
    assertThrows(IllegalArgumentException.class, () -> new DatabaseName("a".repeat(64)));
  }
}
