package io.github.pgsafe.testkit;

import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * Who this JVM runs as, as far as starting {@code initdb} is concerned: initdb refuses to run as
 * root, and zonky works around that with {@code unshare -U} where the kernel permits it.
 */
record ProcessUser(boolean root, boolean unshareAvailable) {

  static ProcessUser current() {
    boolean root = uid() == 0;
    return new ProcessUser(root, root && LinuxUtils.isUnshareAvailable());
  }

  void requireCanRunInitdb() {
    if (root && !unshareAvailable) {
      throw new PostgresServerException(
          """
          pgsafe testkit cannot start the embedded PostgreSQL server: this JVM runs as root, initdb \
          refuses to run as root, and 'unshare -U' (which lets zonky run it as an unprivileged user) \
          is not permitted here. Nothing was started. Do one of these:
            - point the tests at a running server, for example
                PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres mvn verify
            - run the build as a non-root user, for example: su builder -c 'mvn verify'
            - allow unprivileged user namespaces, so that 'unshare -U id -u' succeeds (it prints 65534)""");
    }
  }

  private static long uid() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return -1; // not a Unix system: there is no root to refuse
    }
  }
}
