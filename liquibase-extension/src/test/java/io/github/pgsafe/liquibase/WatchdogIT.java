package io.github.pgsafe.liquibase;

import static io.github.pgsafe.liquibase.PgsafeChangesIT.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * pgsafe's change types watch themselves from a second connection: when a pgsafe step waits for a
 * lock and application queries queue up behind it, the watchdog cancels the step long before its
 * lock_timeout, and pgsafe retries it later.
 */
class WatchdogIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void cancelsAWaitingStepBeforeAnApplicationQueryBehindItWaitsLong() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection setup = db.connect();
        Connection holder = db.connect();
        Connection app = db.connect()) {
      try (Statement st = setup.createStatement()) {
        st.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, plan text)");
        st.execute("INSERT INTO accounts SELECT g, 'free' FROM generate_series(1, 1000) g");
      }
      // A long transaction that read the table: its ACCESS SHARE lock makes pgsafe's ALTER wait.
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.executeQuery("SELECT count(*) FROM accounts").close();
      }
      // lock_timeout 3s: without the watchdog, a query queued behind the ALTER waits that long.
      Lb lb = new Lb(db).withConfiguration(Map.of("liquibase.pgsafe.lockTimeout", "3s"));
      CompletableFuture<String> migration =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return lb.run("update", "changelogs/watchdog.yaml");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      awaitWaitingAlter(setup);

      long start = System.nanoTime();
      try (Statement st = app.createStatement()) {
        st.executeQuery("SELECT count(*) FROM accounts").close();
      }
      long appMillis = (System.nanoTime() - start) / 1_000_000;
      holder.rollback();
      migration.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

      System.out.printf("pgsafe WatchdogIT: the application query waited %d ms%n", appMillis);
      assertThat(appMillis).isLessThan(1000);
      assertThat(
              count(
                  setup,
                  "SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass"
                      + " AND attname = 'plan' AND attnotnull"))
          .isEqualTo(1);
    }
  }

  /** Waits until pgsafe's ALTER TABLE on accounts waits for its lock. */
  private static void awaitWaitingAlter(Connection c) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (count(
            c,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'ALTER TABLE \"accounts\"%'")
        == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pgsafe's ALTER TABLE never waited for its lock in " + DEADLINE);
      }
      Thread.onSpinWait();
    }
  }
}
