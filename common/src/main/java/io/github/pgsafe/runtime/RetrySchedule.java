package io.github.pgsafe.runtime;

/** How lock_timeout develops over the attempts of one unit of work. */
public enum RetrySchedule {
  /**
   * Every attempt waits at most {@code lockTimeout} (80ms by default), so no application query is
   * ever queued behind pgsafe for longer than the 100 ms budget; only the pause between attempts
   * grows (exponential backoff with jitter).
   */
  DEFAULT,
  /**
   * GitLab's {@code with_lock_retries} ladder: lock_timeout starts at {@code lockTimeout} and rises
   * (200ms, 300ms, 400ms, 500ms ×4, 1s ×2, 3s, 5s, ...) up to {@code retry.maxLockTimeout}. Later
   * attempts can queue application queries for longer than the budget, on purpose: it is for
   * statements that would otherwise never get their lock.
   */
  ESCALATING
}
