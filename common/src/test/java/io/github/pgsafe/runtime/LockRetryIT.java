package io.github.pgsafe.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.testsupport.AppLoad;
import io.github.pgsafe.testsupport.Await;
import io.github.pgsafe.testsupport.CapturedLog;
import io.github.pgsafe.testsupport.LockWaitSampler;
import io.github.pgsafe.testsupport.ScratchDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LockRetryIT {
  private static final String BLOCKER_QUERY =
      "SELECT count(*) FROM accounts /* pgsafe-it blocker */";
  private static final Duration BUDGET = Duration.ofMillis(100);
  private static ScratchDatabase db;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = ScratchDatabase.create(LockRetryIT.class);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void freshTables() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS accounts, side_effect, audit;"
            + " CREATE TABLE accounts (id bigint PRIMARY KEY, v int NOT NULL DEFAULT 0);"
            + " INSERT INTO accounts (id) SELECT generate_series(1, 1000);"
            + " CREATE TABLE audit (id int)");
  }

  private static Unit<Void> addColumn(String column) {
    return Unit.<Void>transaction(
            "ALTER TABLE accounts ADD COLUMN " + column,
            c -> {
              try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE accounts ADD COLUMN " + column + " text");
              }
              return null;
            })
        .withWatchdog()
        .withRelations(List.of("accounts"));
  }

  @Test
  void retriesWithShortLockWaitsUntilTheBlockerEndsAndLogsTheBlocker() throws Exception {
    PgsafeSettings settings =
        PgsafeSettings.defaults()
            .with(PgsafeSettings.RETRY_MAX_DELAY, Duration.ofMillis(500))
            .with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(30));
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try (CapturedLog log = CapturedLog.start();
        Connection blocker = db.connect();
        Connection migration = db.connect();
        LockWaitSampler waits = LockWaitSampler.start(db)) {
      int blockerPid = hold(blocker);
      int migrationPid = pid(migration);
      AppLoad app = AppLoad.start(db, "accounts", 1000, 2, 1);
      later.schedule(() -> commit(blocker), 3, TimeUnit.SECONDS);
      long start = System.nanoTime();

      LockRetry.create(settings, db.connections()).run(migration, addColumn("note"));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      AppLoad.Stats stats = app.stop();
      System.err.printf(
          "IT2 blocker 3s: migration took %s; migration %s; app %s; app client max read %s write"
              + " %s over %d queries%n",
          took,
          waits.describe(Set.of(migrationPid)),
          waits.describe(app.pids()),
          stats.maxRead(),
          stats.maxWrite(),
          stats.queries());
      assertThat(took).isGreaterThan(Duration.ofMillis(2900));
      assertThat(columnExists("accounts", "note")).isTrue();
      assertThat(waits.maxWait(Set.of(migrationPid)))
          .isLessThan(settings.lockTimeout().plus(LockWaitSampler.INTERVAL).plusMillis(5));
      assertThat(waits.maxWait(app.pids())).isLessThan(BUDGET.minus(LockWaitSampler.INTERVAL));
      assertThat(stats.errors()).isZero();
      assertThat(log.text())
          .contains("pid " + blockerPid + " (idle in transaction")
          .contains("query: " + BLOCKER_QUERY)
          .contains("succeeded on attempt");
    } finally {
      later.shutdownNow();
    }
  }

  @Test
  void givesUpWithinMaxTotalTimeLeavingNothingHalfApplied() throws Exception {
    PgsafeSettings settings =
        PgsafeSettings.defaults()
            .with(PgsafeSettings.RETRY_MAX_DELAY, Duration.ofMillis(300))
            .with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(2));
    try (Connection blocker = db.connect();
        Connection migration = db.connect()) {
      int blockerPid = hold(blocker);
      Unit<Void> twoStatements =
          Unit.<Void>transaction(
                  "ALTER TABLE accounts ADD COLUMN never",
                  c -> {
                    try (Statement st = c.createStatement()) {
                      st.execute("CREATE TABLE side_effect (id int)");
                      st.execute("ALTER TABLE accounts ADD COLUMN never text");
                    }
                    return null;
                  })
              .withWatchdog()
              .withRelations(List.of("accounts"));
      long start = System.nanoTime();

      LockRetriesExhaustedException e =
          assertThrows(
              LockRetriesExhaustedException.class,
              () -> LockRetry.create(settings, db.connections()).run(migration, twoStatements));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.err.printf("IT3 never-ending blocker: gave up after %s: %s%n", took, e.getMessage());
      assertThat(took).isLessThan(Duration.ofMillis(2300));
      assertThat(e.attempts()).isGreaterThan(3);
      assertThat(e.blockers()).extracting(Blocker::pid).containsExactly(blockerPid);
      assertThat(e.getMessage())
          .matches(
              Pattern.quote("pgsafe gave up on ALTER TABLE accounts ADD COLUMN never after ")
                  + e.attempts()
                  + " attempts in \\d\\.\\ds"
                  + Pattern.quote(
                      " (lock_timeout 80ms each; retry.maxAttempts=20, retry.maxTotalTime=2s);"
                          + " the last one hit lock_timeout 80ms. Blocked by pid "
                          + blockerPid
                          + " (idle in transaction for ")
                  + "\\d+\\.\\ds, transaction open \\d+\\.\\ds"
                  + Pattern.quote(
                      ", query: "
                          + BLOCKER_QUERY
                          + "). Every attempt was rolled back; nothing of this step was applied."
                          + " Run again when pid "
                          + blockerPid
                          + " ends, or raise retry.maxTotalTime and retry.maxAttempts."));
      commit(blocker);
      assertThat(db.queryString("SELECT to_regclass('side_effect')::text")).isNull();
      assertThat(columnExists("accounts", "never")).isFalse();
    }
  }

  @Test
  void leavesQueryTextOutOfTheReportWhenTurnedOff() throws Exception {
    PgsafeSettings settings =
        PgsafeSettings.defaults()
            .with(PgsafeSettings.BLOCKER_REPORT_INCLUDE_QUERY, false)
            .with(PgsafeSettings.RETRY_MAX_ATTEMPTS, 2);
    try (Connection blocker = db.connect();
        Connection migration = db.connect()) {
      int blockerPid = hold(blocker);
      LockRetriesExhaustedException e =
          assertThrows(
              LockRetriesExhaustedException.class,
              () -> LockRetry.withoutMonitor(settings).run(migration, addColumn("x")));
      commit(blocker);
      assertThat(e.getMessage()).contains("pid " + blockerPid).doesNotContain("pgsafe-it");
    }
  }

  @Test
  void watchdogCancelsAStatementThatHoldsAccessExclusiveWhileQueriesQueue() throws Exception {
    PgsafeSettings settings = PgsafeSettings.defaults().with(PgsafeSettings.RETRY_MAX_ATTEMPTS, 2);
    Unit<Void> slowUnderLock =
        Unit.<Void>transaction(
                "LOCK accounts and work for 2s",
                c -> {
                  try (Statement st = c.createStatement()) {
                    st.execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
                    st.execute("INSERT INTO audit VALUES (1)");
                    st.execute("SELECT pg_sleep(2)");
                  }
                  return null;
                })
            .withWatchdog()
            .withRelations(List.of("accounts"));
    try (CapturedLog log = CapturedLog.start();
        Connection migration = db.connect();
        LockWaitSampler waits = LockWaitSampler.start(db)) {
      AppLoad app = AppLoad.start(db, "accounts", 1000, 2, 1);
      long start = System.nanoTime();

      LockRetriesExhaustedException e =
          assertThrows(
              LockRetriesExhaustedException.class,
              () -> LockRetry.create(settings, db.connections()).run(migration, slowUnderLock));

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      AppLoad.Stats stats = app.stop();
      System.err.printf(
          "IT5 watchdog: gave up after %s, %d attempts; app %s; client max read %s write %s%n",
          took, e.attempts(), waits.describe(app.pids()), stats.maxRead(), stats.maxWrite());
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(took).isLessThan(Duration.ofSeconds(2));
      assertThat(e.getMessage())
          .contains("the last one was cancelled: the watchdog cancelled it because application")
          .contains("Every attempt was rolled back; nothing of this step was applied.");
      assertThat(log.text()).contains("pgsafe watchdog: application sessions have waited");
      assertThat(db.queryLong("SELECT count(*) FROM audit")).isZero();
      // The watchdog cancels at budget - margin (60 ms); the waiters get the lock only once the
      // client's ROLLBACK reaches the server, so scheduling delay on a loaded machine adds to it.
      // Measured on the shared 2-core machine: 67-92 ms in most runs, 102 and 127 ms in two runs
      // at load average ~15. Without the watchdog the waiters would wait the full 2 s hold, so
      // this bound still fails if the watchdog does nothing; the measured value is printed above.
      assertThat(waits.maxWait(app.pids())).isLessThan(BUDGET.multipliedBy(2));
      assertThat(stats.errors()).isZero();
    }
  }

  @Test
  void restoresSessionTimeoutsAfterAnAutocommitUnitAlsoOnError() throws Exception {
    LockRetry retry = LockRetry.create(PgsafeSettings.defaults(), db.connections());
    try (Connection c = db.connect()) {
      String inside =
          retry.run(c, Unit.autocommit("read settings", conn -> setting(conn, "lock_timeout")));
      assertThat(inside).isEqualTo("80ms");
      assertThat(setting(c, "lock_timeout")).isEqualTo("0");
      assertThat(setting(c, "statement_timeout")).isEqualTo("0");

      PgsafeException e =
          assertThrows(
              PgsafeException.class,
              () ->
                  retry.run(
                      c,
                      Unit.autocommit(
                          "a failing statement",
                          conn -> {
                            try (Statement st = conn.createStatement()) {
                              st.execute("SELECT 1/0");
                            }
                            return null;
                          })));
      assertThat(e.getMessage())
          .isEqualTo(
              "pgsafe: a failing statement failed on attempt 1: ERROR: division by zero"
                  + " [SQLState 22012]. The failing statement was rolled back.");
      assertThat(setting(c, "lock_timeout")).isEqualTo("0");
      assertThat(setting(c, "statement_timeout")).isEqualTo("0");
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void setsTimeoutsLocallyInATransactionalUnit() throws Exception {
    LockRetry retry = LockRetry.create(PgsafeSettings.defaults(), db.connections());
    try (Connection c = db.connect()) {
      String inside =
          retry.run(
              c, Unit.transaction("read settings", conn -> setting(conn, "statement_timeout")));
      assertThat(inside).isEqualTo("10s");
      assertThat(setting(c, "statement_timeout")).isEqualTo("0");
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void refusesToRunInsideATransactionItDidNotStart() throws Exception {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      PgsafeException e =
          assertThrows(
              PgsafeException.class,
              () -> LockRetry.withoutMonitor(PgsafeSettings.defaults()).run(c, addColumn("in_tx")));
      assertThat(e.getMessage())
          .isEqualTo(
              "pgsafe cannot run ALTER TABLE accounts ADD COLUMN in_tx: the connection is inside"
                  + " a transaction (auto-commit is off), so a lock timeout could not be retried"
                  + " without retrying statements pgsafe did not run. Nothing was run. Commit or"
                  + " roll back first, or run the migration without a surrounding transaction.");
    }
  }

  @Test
  void retriesADeadlockVictim() throws Exception {
    db.execute("CREATE TABLE IF NOT EXISTS pair (id int PRIMARY KEY, v int)");
    db.execute("TRUNCATE pair; INSERT INTO pair VALUES (1, 0), (2, 0)");
    try (Connection other = db.connect();
        Connection migration = db.connect()) {
      other.setAutoCommit(false);
      exec(other, "UPDATE pair SET v = v + 1 WHERE id = 2");
      int migrationPid = pid(migration);
      int[] attempts = {0};
      Thread closer =
          new Thread(
              () -> {
                try {
                  Await.until(
                      "the migration waits on row 2",
                      Duration.ofSeconds(10),
                      () -> waitsOnLock(migrationPid));
                  exec(other, "UPDATE pair SET v = v + 1 WHERE id = 1");
                  other.commit();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Unit<Void> crossing =
          Unit.transaction(
              "update both rows",
              c -> {
                attempts[0]++;
                exec(c, "UPDATE pair SET v = v + 10 WHERE id = 1");
                exec(c, "UPDATE pair SET v = v + 10 WHERE id = 2");
                return null;
              });
      PgsafeSettings settings =
          PgsafeSettings.defaults()
              .with(PgsafeSettings.LOCK_TIMEOUT, Duration.ofSeconds(5))
              .with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(20));
      closer.start();
      assertThat(migrationPid).isPositive();
      LockRetry.withoutMonitor(settings).run(migration, crossing);
      closer.join(10_000);
      assertThat(attempts[0]).isEqualTo(2);
      assertThat(db.queryLong("SELECT sum(v) FROM pair")).isEqualTo(22);
    }
  }

  @Test
  void leavesNoMonitorThreadOrConnectionBehind() throws Exception {
    PgsafeSettings settings = PgsafeSettings.defaults().with(PgsafeSettings.RETRY_MAX_ATTEMPTS, 2);
    LockRetry retry = LockRetry.create(settings, db.connections());
    try (Connection blocker = db.connect();
        Connection migration = db.connect()) {
      retry.run(migration, addColumn("leak_a"));
      hold(blocker);
      assertThrows(LockRetriesExhaustedException.class, () -> retry.run(migration, addColumn("b")));
      commit(blocker);
    }
    Await.until(
        "no pgsafe thread is alive",
        Duration.ofSeconds(5),
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("pgsafe-")));
    Await.until(
        "no monitoring connection is open",
        Duration.ofSeconds(5),
        () ->
            db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name LIKE 'pgsafe monitor%'")
                == 0);
  }

  @Test
  void setsTransactionTimeoutOnPostgres17AndRestoresIt() throws Exception {
    assumeTrue(db.majorVersion() >= 17, "transaction_timeout exists from PostgreSQL 17 on");
    LockRetry retry =
        LockRetry.create(
            PgsafeSettings.defaults()
                .with(PgsafeSettings.TRANSACTION_TIMEOUT, Duration.ofSeconds(30)),
            db.connections());
    try (Connection c = db.connect()) {
      assertThat(
              retry.run(
                  c,
                  Unit.<String>transaction("read", conn -> setting(conn, "transaction_timeout"))))
          .isEqualTo("30s");
      assertThat(
              retry.run(
                  c, Unit.<String>autocommit("read", conn -> setting(conn, "transaction_timeout"))))
          .isEqualTo("30s");
      assertThat(setting(c, "transaction_timeout")).isEqualTo("0");
    }
  }

  private static boolean waitsOnLock(int pid) throws SQLException {
    return db.queryLong(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = " + pid)
        > 0;
  }

  private static int hold(Connection blocker) throws SQLException {
    int pid = pid(blocker);
    blocker.setAutoCommit(false);
    exec(blocker, BLOCKER_QUERY);
    return pid;
  }

  private static void commit(Connection c) {
    try {
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean columnExists(String table, String column) throws SQLException {
    return db.queryLong(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = '"
                + table
                + "'::regclass AND attname = '"
                + column
                + "' AND NOT attisdropped")
        > 0;
  }
}
