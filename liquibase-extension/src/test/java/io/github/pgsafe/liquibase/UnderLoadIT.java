package io.github.pgsafe.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * concurrentIndex and batchedBackfill on 1,000,000 rows while an application writer updates and
 * inserts rows: no single write may wait more than 100 ms on a lock. The writer runs with
 * lock_timeout 100ms, so a write that waited longer fails with 55P03 and is counted; end-to-end
 * latency (which also holds CPU and I/O stalls of a 2-core machine) is printed alongside.
 */
class UnderLoadIT {
  private static final int ROWS = 1_000_000;

  @Test
  void noApplicationWriteWaitsOver100msWhileIndexAndBackfillRun() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection setup = db.connect()) {
      try (Statement st = setup.createStatement()) {
        st.execute("CREATE TABLE events (id bigserial PRIMARY KEY, kind int NOT NULL, label text)");
        st.execute(
            "INSERT INTO events (kind) SELECT g % 100 FROM generate_series(1, " + ROWS + ") g");
        st.execute("VACUUM ANALYZE events");
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong worstNanos = new AtomicLong();
      AtomicLong writes = new AtomicLong();
      AtomicLong slow = new AtomicLong();
      AtomicLong lockWaits = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                try (Connection app = db.connect();
                    PreparedStatement update =
                        app.prepareStatement("UPDATE events SET kind = kind + 1 WHERE id = ?");
                    PreparedStatement insert =
                        app.prepareStatement("INSERT INTO events (kind) VALUES (7)")) {
                  try (Statement st = app.createStatement()) {
                    st.execute("SET lock_timeout = '100ms'");
                  }
                  while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                      if (writes.get() % 5 == 0) {
                        insert.executeUpdate();
                      } else {
                        update.setLong(1, 1 + ThreadLocalRandom.current().nextLong(ROWS));
                        update.executeUpdate();
                      }
                    } catch (java.sql.SQLException e) {
                      if (!"55P03".equals(e.getSQLState())) {
                        throw e;
                      }
                      lockWaits.incrementAndGet();
                    }
                    long took = System.nanoTime() - start;
                    worstNanos.accumulateAndGet(took, Math::max);
                    if (took > 100_000_000L) {
                      slow.incrementAndGet();
                    }
                    writes.incrementAndGet();
                    Thread.sleep(2);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      writer.start();
      Thread.sleep(300);
      new Lb(db).run("update", "changelogs/under-load.yaml");
      stop.set(true);
      writer.join();
      System.out.printf(
          "pgsafe UnderLoadIT: %d application writes, %d waited over 100 ms on a lock; end-to-end"
              + " worst %.1f ms, %d over 100 ms%n",
          writes.get(), lockWaits.get(), worstNanos.get() / 1e6, slow.get());
      assertThat(writes.get()).isGreaterThan(100);
      assertThat(lockWaits.get()).isZero();
      assertThat(PgsafeChangesIT.count(setup, "SELECT count(*) FROM events WHERE label IS NULL"))
          .isLessThanOrEqualTo(writes.get());
      assertThat(
              PgsafeChangesIT.count(
                  setup,
                  "SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid ="
                      + " 'events_kind_idx'::regclass"))
          .isEqualTo(1);
    }
  }
}
