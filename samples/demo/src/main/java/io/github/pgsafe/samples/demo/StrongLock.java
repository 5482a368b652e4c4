package io.github.pgsafe.samples.demo;

/**
 * A lock that blocks application writes (SHARE or stronger) held by a non-application session on
 * {@code orders} or {@code users}, from the first to the last sample that saw it granted.
 */
record StrongLock(int pid, String relation, String mode, long firstSeenNanos, long lastSeenNanos) {
  double millis() {
    return (lastSeenNanos - firstSeenNanos) / 1e6;
  }

  boolean overlaps(long fromNanos, long toNanos) {
    return firstSeenNanos < toNanos && lastSeenNanos > fromNanos;
  }
}
