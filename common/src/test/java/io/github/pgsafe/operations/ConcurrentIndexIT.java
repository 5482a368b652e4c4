package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.testsupport.Await;
import io.github.pgsafe.testsupport.CapturedLog;
import io.github.pgsafe.testsupport.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConcurrentIndexIT {
  private static final TableName USERS = TableName.of("users");
  private static ScratchDatabase db;
  private static LockRetry retry;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = ScratchDatabase.create(ConcurrentIndexIT.class);
    retry = LockRetry.create(PgsafeSettings.defaults(), db.connections());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void freshTable() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS users; CREATE TABLE users (id bigint PRIMARY KEY, email text,"
            + " status text, score int);"
            + " INSERT INTO users SELECT g, 'user' || g || '@example.com',"
            + " (ARRAY['new','active'])[1 + g % 2], g % 100 FROM generate_series(1, 5000) g");
  }

  private static IndexDefinition emailKey() {
    return IndexDefinition.on(USERS, "users_email_key").column("email").asUnique();
  }

  private static String indexState(String name) throws SQLException {
    return db.queryString(
        "SELECT CASE WHEN i.indisvalid THEN 'valid' ELSE 'INVALID' END FROM pg_index i"
            + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '"
            + name
            + "'");
  }

  @Test
  void failedUniqueBuildLeavesNoInvalidIndexAndRerunSucceedsAfterTheFix() throws Exception {
    db.execute("UPDATE users SET email = 'dup@example.com' WHERE id IN (7, 8)");
    try (Connection c = db.connect()) {
      PgsafeException e =
          assertThrows(
              PgsafeException.class, () -> ConcurrentIndex.create(emailKey(), retry).run(c));
      assertThat(e.getMessage())
          .startsWith(
              "pgsafe: CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\" ON \"users\""
                  + " (\"email\") failed on attempt 1: ERROR: could not create unique index"
                  + " \"users_email_key\"")
          .contains("Key (email)=(dup@example.com) is duplicated.")
          .endsWith(
              "[SQLState 23505]. The failing statement was rolled back. pgsafe dropped the"
                  + " INVALID index users_email_key that the failed build left behind, so nothing"
                  + " of it remains. If the data has duplicates, remove them and run again.");
      assertThat(indexState("users_email_key")).isNull();

      db.execute("UPDATE users SET email = 'user8@example.com' WHERE id = 8");
      ConcurrentIndex.create(emailKey(), retry).run(c);
      assertThat(indexState("users_email_key")).isEqualTo("valid");
    }
  }

  @Test
  void dropsTheInvalidIndexOfAKilledBuildOnTheNextRun() throws Exception {
    db.execute(
        "CREATE OR REPLACE FUNCTION slow_score(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS"
            + " $$ BEGIN IF $1 < 40 THEN PERFORM pg_sleep(0.001); END IF; RETURN $1; END $$");
    IndexDefinition slow =
        IndexDefinition.on(USERS, "users_slow_idx").expression("slow_score(score)");
    try (Connection builder = db.connect();
        Connection observer = db.connect();
        CapturedLog log = CapturedLog.start()) {
      int pid = new Catalog(builder).backendPid();
      CompletableFuture<Void> build =
          CompletableFuture.runAsync(() -> ConcurrentIndex.create(slow, retry).run(builder));
      Await.until(
          "the build scans the table",
          Duration.ofSeconds(20),
          () ->
              db.queryLong(
                      "SELECT count(*) FROM pg_stat_progress_create_index WHERE pid = "
                          + pid
                          + " AND phase LIKE 'building index%'")
                  > 0);
      try (Statement st = observer.createStatement()) {
        st.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      assertThat(build).failsWithin(Duration.ofSeconds(20));
      assertThat(indexState("users_slow_idx")).isEqualTo("INVALID");

      try (Connection next = db.connect()) {
        ConcurrentIndex.create(slow, retry).run(next);
      }
      assertThat(indexState("users_slow_idx")).isEqualTo("valid");
      assertThat(log.text())
          .contains("index users_slow_idx is INVALID, left by an earlier failed build")
          .contains("dropped INVALID index users_slow_idx")
          .contains("building index: scanning table");
    }
  }

  @Test
  void retriesABuildThatWaitsForAnOldWriterAndLeavesNoInvalidIndex() throws Exception {
    LockRetry quick =
        LockRetry.create(
            PgsafeSettings.defaults()
                .with(PgsafeSettings.RETRY_MAX_DELAY, Duration.ofMillis(300))
                .with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(30)),
            db.connections());
    try (Connection writer = db.connect();
        Connection builder = db.connect();
        CapturedLog log = CapturedLog.start()) {
      writer.setAutoCommit(false);
      try (Statement st = writer.createStatement()) {
        st.execute("UPDATE users SET score = score WHERE id = 1");
      }
      CompletableFuture<Void> build =
          CompletableFuture.runAsync(() -> ConcurrentIndex.create(emailKey(), quick).run(builder));
      Await.until(
          "a build attempt hit the lock timeout",
          Duration.ofSeconds(20),
          () -> log.text().contains("attempt 2 of 20 at CREATE UNIQUE INDEX CONCURRENTLY"));
      writer.commit();
      build.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(indexState("users_email_key")).isEqualTo("valid");
      assertThat(db.queryLong("SELECT count(*) FROM pg_index WHERE NOT indisvalid")).isZero();
      assertThat(log.text()).contains("hit lock_timeout 80ms");
    }
  }

  @Test
  void saysWhatRemainsWhenItGivesUpOnABuild() throws Exception {
    LockRetry impatient =
        LockRetry.create(
            PgsafeSettings.defaults()
                .with(PgsafeSettings.RETRY_MAX_DELAY, Duration.ofMillis(200))
                .with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(1)),
            db.connections());
    try (Connection writer = db.connect();
        Connection builder = db.connect()) {
      writer.setAutoCommit(false);
      try (Statement st = writer.createStatement()) {
        st.execute("UPDATE users SET score = score WHERE id = 1");
      }
      io.github.pgsafe.runtime.LockRetriesExhaustedException e =
          assertThrows(
              io.github.pgsafe.runtime.LockRetriesExhaustedException.class,
              () -> ConcurrentIndex.create(emailKey(), impatient).run(builder));
      String state = indexState("users_email_key");
      writer.commit();
      assertThat(e.getMessage())
          .startsWith("pgsafe gave up on CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\"")
          .contains("Blocked by pid ");
      if (state == null) {
        assertThat(e.getMessage())
            .endsWith(
                "pgsafe dropped the INVALID index users_email_key that the failed build left"
                    + " behind, so nothing of it remains.");
      } else {
        assertThat(e.getMessage())
            .contains(
                "pgsafe could not drop the INVALID index users_email_key that the failed build"
                    + " left behind");
        try (Connection next = db.connect()) {
          ConcurrentIndex.create(emailKey(), retry).run(next);
        }
        assertThat(indexState("users_email_key")).isEqualTo("valid");
      }
    }
  }

  @Test
  void isANoOpWhenAValidIdenticalIndexExists() throws Exception {
    IndexDefinition partial =
        IndexDefinition.on(USERS, "users_active_idx")
            .using("btree")
            .expression("lower(email)")
            .column("score")
            .include("status")
            .where("status = 'active'");
    try (Connection c = db.connect();
        CapturedLog log = CapturedLog.start()) {
      ConcurrentIndex.create(partial, retry).run(c);
      long oid = db.queryLong("SELECT 'users_active_idx'::regclass::oid");
      ConcurrentIndex.create(partial, retry).run(c);
      assertThat(db.queryLong("SELECT 'users_active_idx'::regclass::oid")).isEqualTo(oid);
      assertThat(log.text()).contains("index users_active_idx already exists as defined");
    }
  }

  @Test
  void refusesAnExistingIndexOfTheSameNameWithAnotherDefinition() throws Exception {
    db.execute("CREATE INDEX users_email_key ON users (status)");
    try (Connection c = db.connect()) {
      PgsafeException e =
          assertThrows(
              PgsafeException.class, () -> ConcurrentIndex.create(emailKey(), retry).run(c));
      assertThat(e.getMessage())
          .isEqualTo(
              "pgsafe did not run CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\" ON"
                  + " \"users\" (\"email\"): index users_email_key already exists with another"
                  + " definition (CREATE INDEX users_email_key ON public.users USING btree"
                  + " (status)). Nothing was changed. Drop it (DROP INDEX CONCURRENTLY"
                  + " users_email_key) or give the new index another name.");
    }
  }

  @Test
  void refusesToRunInsideATransaction() throws Exception {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      PgsafeException e =
          assertThrows(
              PgsafeException.class, () -> ConcurrentIndex.create(emailKey(), retry).run(c));
      assertThat(e.getMessage())
          .startsWith(
              "pgsafe cannot run CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\" ON"
                  + " \"users\" (\"email\"): it must run outside a transaction block, and the"
                  + " connection is inside one. Nothing was run.");
      c.rollback();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("BEGIN");
      }
      PgsafeException byServer =
          assertThrows(
              PgsafeException.class, () -> ConcurrentIndex.create(emailKey(), retry).run(c));
      assertThat(byServer.getMessage())
          .contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
          .contains("[SQLState 25001]");
      try (Statement st = c.createStatement()) {
        st.execute("ROLLBACK");
      }
    }
    assertThat(indexState("users_email_key")).isNull();
  }

  @Test
  void reindexesAndDropsConcurrently() throws Exception {
    try (Connection c = db.connect()) {
      ConcurrentIndex.create(emailKey(), retry).run(c);
      long before = db.queryLong("SELECT 'users_email_key'::regclass::oid");
      ConcurrentIndex.reindex(TableName.of("users_email_key"), retry).run(c);
      assertThat(db.queryLong("SELECT 'users_email_key'::regclass::oid")).isNotEqualTo(before);
      assertThat(indexState("users_email_key")).isEqualTo("valid");
      ConcurrentIndex.drop(TableName.of("public", "users_email_key"), retry).run(c);
      assertThat(indexState("users_email_key")).isNull();
    }
  }

  @Test
  void plansTheExactStatementsWithTheirLocks() {
    assertThat(ConcurrentIndex.create(emailKey(), retry).plan())
        .extracting(PlanStep::toString)
        .containsExactly(
            "DROP INDEX CONCURRENTLY IF EXISTS \"users_email_key\";  -- ShareUpdateExclusiveLock on"
                + " \"users\", outside a transaction; only if an INVALID index of this name was"
                + " left by an earlier failed build",
            "CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\" ON \"users\" (\"email\");  --"
                + " ShareUpdateExclusiveLock on \"users\", outside a transaction; skipped if a"
                + " valid identical index exists; retried on lock timeout");
  }
}
