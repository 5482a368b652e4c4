package io.github.pgsafe.samples.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The side-by-side report in markdown (printed and written to a file): per tool, per step, what the
 * application saw under the naive and under the pgsafe migrations.
 */
final class Report {
  private Report() {}

  /** {@code charts} names each tool's chart file, relative to the report. */
  static String markdown(
      DemoOptions options, String environment, List<RunResult> results, ChartNames charts) {
    StringBuilder md = new StringBuilder();
    md.append("# pgsafe zero-downtime demo\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%,d orders, %,d users. Application: %d sessions × %d queries/s (35%% read order,"
                + " 20%% update order, 20%% insert order, 15%% read user, 10%% update user). %s%n%n",
            options.orders(),
            options.users(),
            options.threads(),
            options.queriesPerSecondPerThread(),
            environment));
    md.append(
        "A **lock wait** is an application session with an ungranted lock in `pg_locks`, timed by"
            + " the server from `waitstart` and sampled every 5 ms; unlike a slow query it cannot"
            + " come from CPU load. The golden rule: no lock wait over 100 ms."
            + " \"Strong lock\" is SHARE or stronger on orders/users held by the migration"
            + " (sampled). A query counts in every step it overlaps.\n\n");
    Set<String> tools = new LinkedHashSet<>();
    results.forEach(r -> tools.add(r.tool()));
    for (String tool : tools) {
      List<RunResult> runs = results.stream().filter(r -> r.tool().equals(tool)).toList();
      md.append("## ").append(tool).append(": naive vs pgsafe\n\n");
      md.append(
          "| step | run | what ran | duration s | longest query ms | p99 ms | queries > 100 ms"
              + " | longest lock wait ms | lock waits > 100 ms | longest strong lock ms"
              + " | failed queries |\n");
      md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
      for (String key : keys(runs)) {
        for (RunResult run : runs) {
          Optional<StepTiming> step =
              run.steps().stream().filter(s -> s.step().key().equals(key)).findFirst();
          if (step.isPresent()) {
            StepTiming t = step.get();
            String label =
                t.step().label()
                    + t.error().map(e -> " **(failed: " + shorten(e) + ")**").orElse("");
            md.append(row(key, run.variant(), label, t.seconds(), run.stats(t)));
          }
        }
      }
      for (RunResult run : runs) {
        md.append(
            row(
                "**all migration steps**",
                run.variant(),
                "",
                run.migrationSeconds(),
                run.migrationStats()));
      }
      md.append('\n');
      for (RunResult run : runs) {
        md.append(verdict(run));
      }
      md.append('\n')
          .append("![")
          .append(tool)
          .append(" application latency](")
          .append(charts.fileName(tool))
          .append(")\n\n");
    }
    return md.toString();
  }

  /** The step keys in the order they first appear. */
  private static List<String> keys(List<RunResult> runs) {
    Set<String> keys = new LinkedHashSet<>();
    for (RunResult run : runs) {
      run.steps().forEach(s -> keys.add(s.step().key()));
    }
    return new ArrayList<>(keys);
  }

  private static String row(String key, String variant, String label, double seconds, StepStats s) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %.2f | %,.1f | %,.1f | %,d | %,.1f | %,d | %s | %,d |%n",
        key,
        variant,
        label,
        seconds,
        s.longestQueryMillis(),
        s.p99Millis(),
        s.queriesOver100(),
        s.longestLockWaitMillis(),
        s.lockWaitsOver100(),
        s.longestStrongLock().isEmpty()
            ? "—"
            : String.format(
                Locale.ROOT, "%,.0f (%s)", s.longestStrongLockMillis(), s.longestStrongLock()),
        s.failedQueries());
  }

  private static String verdict(RunResult run) {
    StepStats all =
        StepStats.of(0, Long.MAX_VALUE, run.samples(), run.lockWaits(), run.strongLocks());
    return String.format(
        Locale.ROOT,
        "- %s, %s: golden rule **%s**: %,d lock waits over 100 ms, longest %,.1f ms; %,d of %,d"
            + " queries failed.%n",
        run.tool(),
        run.variant(),
        run.heldGoldenRule() ? "held" : "violated",
        all.lockWaitsOver100(),
        all.longestLockWaitMillis(),
        all.failedQueries(),
        all.queries());
  }

  private static String shorten(String error) {
    String oneLine = error.replaceAll("\\s+", " ").replace("|", "/");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
  }

  /** The chart file of each tool. */
  @FunctionalInterface
  interface ChartNames {
    String fileName(String tool);
  }
}
