package io.github.pgsafe.samples.demo;

import java.util.Arrays;
import java.util.List;

/**
 * What the application saw during one window of a run: every query in flight at any moment of the
 * window counts, so a query that started before a lock and ended after it is in.
 */
record StepStats(
    int queries,
    double longestQueryMillis,
    double p99Millis,
    long queriesOver100,
    long failedQueries,
    double longestLockWaitMillis,
    long lockWaitsOver100,
    double longestStrongLockMillis,
    String longestStrongLock) {

  /** The golden rule's budget for an application query waiting on a lock. */
  static final double BUDGET_MILLIS = 100;

  static StepStats of(
      long fromNanos,
      long toNanos,
      List<QuerySample> samples,
      List<LockWait> waits,
      List<StrongLock> strongLocks) {
    double[] latencies =
        samples.stream()
            .filter(s -> s.overlaps(fromNanos, toNanos))
            .mapToDouble(QuerySample::latencyMillis)
            .sorted()
            .toArray();
    long failed =
        samples.stream().filter(s -> s.failed() && s.overlaps(fromNanos, toNanos)).count();
    List<LockWait> inWindow = waits.stream().filter(w -> w.overlaps(fromNanos, toNanos)).toList();
    StrongLock longest =
        strongLocks.stream()
            .filter(l -> l.overlaps(fromNanos, toNanos))
            .max((a, b) -> Double.compare(a.millis(), b.millis()))
            .orElse(null);
    return new StepStats(
        latencies.length,
        latencies.length == 0 ? 0 : latencies[latencies.length - 1],
        percentile(latencies, 0.99),
        Arrays.stream(latencies).filter(l -> l > BUDGET_MILLIS).count(),
        failed,
        inWindow.stream().mapToDouble(LockWait::millis).max().orElse(0),
        inWindow.stream().filter(w -> w.millis() > BUDGET_MILLIS).count(),
        longest == null ? 0 : longest.millis(),
        longest == null ? "" : longest.mode() + " on " + longest.relation());
  }

  /** Nearest rank. */
  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
