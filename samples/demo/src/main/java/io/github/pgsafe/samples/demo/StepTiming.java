package io.github.pgsafe.samples.demo;

import java.util.Optional;

/** When a step ran (nanoseconds on the recorder's clock) and how it ended. */
record StepTiming(Step step, long startNanos, long endNanos, Optional<String> error) {
  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }
}
