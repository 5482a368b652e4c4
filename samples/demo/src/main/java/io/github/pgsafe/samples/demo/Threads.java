package io.github.pgsafe.samples.demo;

import java.util.concurrent.TimeUnit;

/** Stopping the demo's worker threads from {@code close()}, which must not throw. */
final class Threads {
  private static final long JOIN_SECONDS = 30;

  private Threads() {}

  /** Waits for {@code thread} to end (at most 30 s); an interrupt is passed on, not swallowed. */
  static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
