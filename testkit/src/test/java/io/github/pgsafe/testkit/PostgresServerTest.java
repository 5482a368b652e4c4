package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void failsClearlyWhenTheExistingServerIsUnreachable() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    TestkitSettings settings =
        TestkitSettings.parse(
            Map.of(
                "PGSAFE_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/postgres?password=s3cret"),
            Map.of(),
            BinariesVersions.load());
    ServerStarter starter = new ServerStarter(BinariesVersions.load(), Optional::empty);

    PostgresServerException e =
        assertThrows(PostgresServerException.class, () -> PostgresServer.start(settings, starter));

    assertThat(e.getMessage())
        .startsWith(
            "pgsafe testkit cannot connect to existing server at"
                + " jdbc:postgresql://127.0.0.1:1/postgres?password=*** as user postgres: ")
        .endsWith(
            "Check that the server runs and lets this user in (pg_hba.conf), or fix"
                + " PGSAFE_TEST_JDBC_URL (or -Dpgsafe.test.jdbc.url).")
        .doesNotContain("s3cret");
  }
}
