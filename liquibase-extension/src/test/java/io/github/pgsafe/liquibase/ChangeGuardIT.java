package io.github.pgsafe.liquibase;

import static io.github.pgsafe.liquibase.PgsafeChangesIT.count;
import static io.github.pgsafe.liquibase.PgsafeChangesIT.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guard refuses unsafe built-in changes and raw SQL before anything runs. */
class ChangeGuardIT {

  @Test
  void refusesEveryUnsafeBuiltInChangeInOneReportAndRunsNothing() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Lb lb = new Lb(db);
      lb.run("update", "changelogs/guard-setup.yaml");
      long applied = count(c, "SELECT count(*) FROM databasechangelog");

      Exception e =
          assertThrows(Exception.class, () -> lb.run("update", "changelogs/guard-unsafe.yaml"));
      String report = messages(e);
      assertThat(report)
          .contains(
              "[pgsafe] require-concurrent-index-creation in changeset"
                  + " changelogs/guard-unsafe.yaml::create-index::test (createIndex)")
          .contains("Use instead: pgsafe:concurrentIndex.")
          .contains("adding-not-nullable-field in changeset changelogs/guard-unsafe.yaml::not-null")
          .contains("Use instead: pgsafe:safeNotNull.")
          .contains("adding-foreign-key-constraint in changeset changelogs/guard-unsafe.yaml::fk")
          .contains(
              "disallowed-unique-constraint in changeset changelogs/guard-unsafe.yaml::unique")
          .contains("disallowed-unique-constraint in changeset changelogs/guard-unsafe.yaml::pk")
          .contains("renaming-column in changeset changelogs/guard-unsafe.yaml::rename-column")
          .contains("renaming-table in changeset changelogs/guard-unsafe.yaml::rename-table")
          .contains("changing-column-type in changeset changelogs/guard-unsafe.yaml::modify-type")
          .contains(
              "require-concurrent-index-creation in changeset changelogs/guard-unsafe.yaml::raw-sql::test (sql)")
          .doesNotContain("ban-drop-column")
          .doesNotContain("::new-table-index::")
          .doesNotContain("::allowed::")
          .doesNotContain("::allowed-in-sql::");
      assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isEqualTo(applied);
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'fresh'")).isZero();
    }
  }

  @Test
  void letsSafeAllowedAndWarnedChangesetsThroughAndNeverRejudgesAppliedOnes() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Lb lb = new Lb(db);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE legacy (id int, obsolete text)");
      }
      // Applied before pgsafe was there: a plain createIndex on an existing table.
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS databasechangelog (id varchar(255) NOT NULL,"
                + " author varchar(255) NOT NULL, filename varchar(255) NOT NULL, dateexecuted"
                + " timestamp NOT NULL, orderexecuted int NOT NULL, exectype varchar(10) NOT NULL,"
                + " md5sum varchar(35), description varchar(255), comments varchar(255), tag"
                + " varchar(255), liquibase varchar(20), contexts varchar(255), labels"
                + " varchar(255), deployment_id varchar(10))");
        st.execute("CREATE INDEX legacy_id_idx ON legacy (id)");
        st.execute(
            "INSERT INTO databasechangelog VALUES ('old-index', 'test',"
                + " 'changelogs/guard-safe.yaml', now(), 1, 'EXECUTED', NULL, 'createIndex', '',"
                + " NULL, '4.33.0', NULL, NULL, '1')");
      }
      lb.run("update", "changelogs/guard-safe.yaml");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'fresh_v_idx'"))
          .isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attname = 'renamed'"))
          .isEqualTo(1);
      // ban-drop-column is a warning: logged, not refused.
      assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attname = 'obsolete'")).isZero();
    }
  }

  @Test
  void namesTheBlockingSessionWhenRetriesRunOut() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect();
        Connection blocker = db.connect()) {
      long blockerPid = holdBusy(c, blocker);
      Lb lb = new Lb(db).withConfiguration(Map.of("liquibase.pgsafe.retry.maxAttempts", "2"));
      Exception e =
          assertThrows(Exception.class, () -> lb.run("update", "changelogs/timeouts.yaml"));
      blocker.rollback();
      assertThat(messages(e))
          .contains("pgsafe gave up on ALTER TABLE public.busy ADD added INTEGER after 2 attempts")
          .contains("the last attempt was blocked by pid " + blockerPid + " (idle in transaction");
      assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attname = 'added'")).isZero();
    }
  }

  @Test
  void refusesABadSettingInValidationBeforeAnyChangesetRuns() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Lb lb = new Lb(db).withConfiguration(Map.of("liquibase.pgsafe.lockTimeout", "30s"));
      Exception e =
          assertThrows(Exception.class, () -> lb.run("update", "changelogs/guard-setup.yaml"));
      assertThat(messages(e))
          .contains("Validation Failed")
          .contains(
              "[pgsafe] pgsafe setting lockTimeout is 30s (from liquibase.pgsafe.lockTimeout)");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname IN ('parents', 'items')"))
          .isZero();
    }
  }

  @Test
  void setsLockTimeoutForEveryChangeAndRetriesAfterALockTimeout() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect();
        Connection blocker = db.connect()) {
      holdBusy(c, blocker);
      Thread release =
          new Thread(
              () -> {
                try {
                  Thread.sleep(600);
                  blocker.rollback();
                } catch (Exception ignored) {
                  // the test fails on its own assertions
                }
              });
      release.start();
      long start = System.nanoTime();
      new Lb(db).run("update", "changelogs/timeouts.yaml");
      release.join();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThan(500);
      assertThat(count(c, "SELECT count(*) FROM seen WHERE lock_timeout = '80ms'")).isEqualTo(2);
      assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attname = 'added'"))
          .isEqualTo(1);
    }
  }

  /**
   * Creates table busy and has {@code blocker} hold an ACCESS SHARE lock on it in an open
   * transaction, which makes every ALTER TABLE busy wait; returns the blocker's pid.
   */
  private static long holdBusy(Connection c, Connection blocker) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE busy (id int)");
    }
    blocker.setAutoCommit(false);
    try (Statement st = blocker.createStatement()) {
      st.execute("LOCK TABLE busy IN ACCESS SHARE MODE");
    }
    return count(blocker, "SELECT pg_backend_pid()");
  }
}
