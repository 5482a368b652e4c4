package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProcessUserTest {

  @Test
  void refusesRootWithoutUnshareAndSaysHowToRunInstead() {
    PostgresServerException e =
        assertThrows(
            PostgresServerException.class,
            () -> new ProcessUser(true, false).requireCanRunInitdb());

    assertThat(e)
        .hasMessage(
            """
            pgsafe testkit cannot start the embedded PostgreSQL server: this JVM runs as root, \
            initdb refuses to run as root, and 'unshare -U' (which lets zonky run it as an \
            unprivileged user) is not permitted here. Nothing was started. Do one of these:
              - point the tests at a running server, for example
                  PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres mvn verify
              - run the build as a non-root user, for example: su builder -c 'mvn verify'
              - allow unprivileged user namespaces, so that 'unshare -U id -u' succeeds (it prints 65534)""");
  }

  @Test
  void allowsRootWhereUnshareWorks() {
    assertThatCode(() -> new ProcessUser(true, true).requireCanRunInitdb())
        .doesNotThrowAnyException();
  }

  @Test
  void allowsAnyOtherUser() {
    assertThatCode(() -> new ProcessUser(false, false).requireCanRunInitdb())
        .doesNotThrowAnyException();
  }
}
