package io.github.pgsafe.samples.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every application query's latency, with timestamps on one clock: nanoseconds since {@link
 * #origin()}, which the lock monitor and the migration steps share.
 */
final class LatencyRecorder {
  private final long origin = System.nanoTime();
  private final ConcurrentLinkedQueue<QuerySample> samples = new ConcurrentLinkedQueue<>();

  long origin() {
    return origin;
  }

  /** Nanoseconds since the origin. */
  long now() {
    return System.nanoTime() - origin;
  }

  void record(long startNanos, long endNanos, String kind, boolean failed) {
    samples.add(new QuerySample(startNanos, endNanos, kind, failed));
  }

  /** What was recorded, ordered by start. */
  List<QuerySample> samples() {
    List<QuerySample> all = new ArrayList<>(samples);
    all.sort(Comparator.comparingLong(QuerySample::startNanos));
    return all;
  }
}
