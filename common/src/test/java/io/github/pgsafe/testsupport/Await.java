package io.github.pgsafe.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; never a bare sleep. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration deadline, Callable<Boolean> condition)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadline + " waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
