package io.github.pgsafe.flyway.bench;

import io.github.pgsafe.flyway.PgsafeCallback;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * What pgsafe adds to {@code flyway migrate}: the same {@code bench.migrations} (300) small SQL
 * migrations applied to a fresh database by plain Flyway and by Flyway with {@link PgsafeCallback},
 * {@code bench.runs} (7) measured runs of each after {@code bench.warmup} (2) runs of each, plain
 * and pgsafe alternating which goes first. Prints every time, the medians, and the median of the
 * per-pair ratios (a plain run and a pgsafe run back to back see about the same machine load, so
 * the ratio of a pair is steadier than the ratio of two medians on a busy machine).
 *
 * <p>Run it with {@code ./mvnw -q -pl flyway-extension -am -Pflyway-benchmark process-test-classes}
 * (docs/benchmarks.md, "Flyway overhead"). PostgreSQL comes from the testkit: embedded, or {@code
 * PGSAFE_TEST_JDBC_URL}.
 */
public final class FlywayOverheadBenchmark {
  private FlywayOverheadBenchmark() {}

  public static void main(String[] args) throws IOException {
    int migrations = Integer.getInteger("bench.migrations", 300);
    int runs = Integer.getInteger("bench.runs", 7);
    int warmup = Integer.getInteger("bench.warmup", 2);
    Path dir = Files.createTempDirectory("pgsafe-flyway-bench");
    for (int n = 1; n <= migrations; n++) {
      Files.writeString(dir.resolve("V" + n + "__step_" + n + ".sql"), migration(n));
    }
    PostgresServer server = PostgresServer.shared();
    List<Double> plain = new ArrayList<>();
    List<Double> pgsafe = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> insidePgsafe = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      boolean pgsafeFirst = i % 2 == 1;
      Timing first = migrate(server, dir, pgsafeFirst);
      Timing second = migrate(server, dir, !pgsafeFirst);
      double withPgsafe = (pgsafeFirst ? first : second).seconds();
      double without = (pgsafeFirst ? second : first).seconds();
      double inside = (pgsafeFirst ? first : second).insidePgsafe();
      String phase = i < warmup ? "warm-up" : "run";
      System.out.printf(
          Locale.ROOT,
          "%s %d: plain %.3f s, pgsafe %.3f s (%.3f s inside pgsafe's callback)%n",
          phase,
          i + 1,
          without,
          withPgsafe,
          inside);
      if (i >= warmup) {
        insidePgsafe.add(inside);
        plain.add(without);
        pgsafe.add(withPgsafe);
        ratios.add(withPgsafe / without);
      }
    }
    double plainMedian = median(plain);
    double pgsafeMedian = median(pgsafe);
    System.out.printf(
        Locale.ROOT,
        "%d migrations, %d runs: plain median %.3f s (%.3f-%.3f), pgsafe median %.3f s"
            + " (%.3f-%.3f), overhead of the medians %+.1f%%, median overhead of the pairs"
            + " %+.1f%%%n",
        migrations,
        runs,
        plainMedian,
        Collections.min(plain),
        Collections.max(plain),
        pgsafeMedian,
        Collections.min(pgsafe),
        Collections.max(pgsafe),
        (pgsafeMedian / plainMedian - 1) * 100,
        (median(ratios) - 1) * 100);
    System.out.printf(
        Locale.ROOT,
        "inside pgsafe's callback: median %.3f s (%.3f-%.3f), %.1f%% of the plain median%n",
        median(insidePgsafe),
        Collections.min(insidePgsafe),
        Collections.max(insidePgsafe),
        median(insidePgsafe) / plainMedian * 100);
  }

  /** A small migration of the usual kind: a table, a column, an index, a comment, some rows. */
  static String migration(int n) {
    String table = "t_" + n;
    return "CREATE TABLE "
        + table
        + " (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL"
        + " DEFAULT now());\n"
        + "ALTER TABLE "
        + table
        + " ADD COLUMN note text;\n"
        + "CREATE INDEX "
        + table
        + "_created_idx ON "
        + table
        + " (created_at);\n"
        + "COMMENT ON TABLE "
        + table
        + " IS 'step "
        + n
        + "';\n"
        + "INSERT INTO "
        + table
        + " (id, name) VALUES (1, 'a'), (2, 'b');\n";
  }

  /** PgsafeCallback, with the time spent in it added up. */
  private static final class TimedCallback implements Callback {
    private final Callback pgsafe = new PgsafeCallback();
    private long nanos;

    @Override
    public boolean supports(Event event, Context context) {
      return pgsafe.supports(event, context);
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
      return pgsafe.canHandleInTransaction(event, context);
    }

    @Override
    public void handle(Event event, Context context) {
      long start = System.nanoTime();
      try {
        pgsafe.handle(event, context);
      } finally {
        nanos += System.nanoTime() - start;
      }
    }

    @Override
    public String getCallbackName() {
      return pgsafe.getCallbackName();
    }
  }

  /** One migrate: its wall time, and the part of it spent inside pgsafe's callback. */
  private record Timing(double seconds, double insidePgsafe) {}

  private static Timing migrate(PostgresServer server, Path dir, boolean withPgsafe) {
    try (TestDatabase db = server.createDatabase()) {
      long start = System.nanoTime();
      FluentConfiguration configuration =
          Flyway.configure().dataSource(db.jdbcUrl(), db.user(), "").locations("filesystem:" + dir);
      TimedCallback timed = new TimedCallback();
      if (withPgsafe) {
        configuration.callbacks(timed);
      }
      int applied = configuration.load().migrate().migrationsExecuted;
      double seconds = (System.nanoTime() - start) / 1e9;
      if (applied != Files.list(dir).count()) {
        throw new IllegalStateException("only " + applied + " migrations applied");
      }
      return new Timing(seconds, timed.nanos / 1e9);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
