package io.github.pgsafe.samples.demo;

/**
 * One wait of an application session for a lock, as the monitor saw it: the server's own measure
 * ({@code clock_timestamp() - pg_locks.waitstart}) at the last sample that still saw it waiting, so
 * a lower bound by at most one sampling interval, never inflated by CPU delays of the monitor.
 */
record LockWait(int pid, String lockType, String relation, long lastSeenNanos, double millis) {
  long startNanos() {
    return lastSeenNanos - (long) (millis * 1e6);
  }

  boolean overlaps(long fromNanos, long toNanos) {
    return startNanos() < toNanos && lastSeenNanos > fromNanos;
  }
}
