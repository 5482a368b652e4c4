package io.github.pgsafe.operations;

import io.github.pgsafe.runtime.BackfillSettings;
import java.time.Duration;

/**
 * The size of the next backfill batch. Fixed when {@code backfill.batchSize} is set; otherwise it
 * starts at {@code minBatchSize} and scales each batch by target/actual duration, by at most ×2 up
 * and ÷2 down per batch (so one slow or fast outlier cannot swing it far), within the min and max.
 */
final class BatchSizer {
  private final BackfillSettings settings;
  private int size;

  BatchSizer(BackfillSettings settings) {
    this.settings = settings;
    this.size = settings.batchSize().orElse(settings.minBatchSize());
  }

  int size() {
    return size;
  }

  /** Adapts to a batch of {@code rows} keys that took {@code took}. */
  void observe(int rows, Duration took) {
    if (settings.batchSize().isPresent() || rows < size) {
      return;
    }
    double target = settings.targetBatchTime().toNanos();
    double ratio = target / Math.max(1, took.toNanos());
    ratio = Math.max(0.5, Math.min(2.0, ratio));
    long next = Math.round(size * ratio);
    size = (int) Math.max(settings.minBatchSize(), Math.min(settings.maxBatchSize(), next));
  }
}
