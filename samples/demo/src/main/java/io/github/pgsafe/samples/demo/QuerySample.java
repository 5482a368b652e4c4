package io.github.pgsafe.samples.demo;

/**
 * One application query: when it started and ended (nanoseconds since the run's start), its kind,
 * and whether it failed.
 */
record QuerySample(long startNanos, long endNanos, String kind, boolean failed) {
  double latencyMillis() {
    return (endNanos - startNanos) / 1e6;
  }

  boolean overlaps(long fromNanos, long toNanos) {
    return startNanos < toNanos && endNanos > fromNanos;
  }
}
