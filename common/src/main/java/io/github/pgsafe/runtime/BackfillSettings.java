package io.github.pgsafe.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of {@link io.github.pgsafe.operations.BatchedBackfill}: immutable, validated when built.
 * {@link #ALL} is their table, keyed {@code backfill.*} like {@link PgsafeSettings#ALL}.
 *
 * @param targetBatchTime how long one batch (one transaction) should take; the batch size adapts to
 *     it. A batch holds the row locks of the rows it updated until it commits, so this is about the
 *     longest an application write to one of those rows waits.
 * @param minBatchSize the smallest adaptive batch, in rows of the key
 * @param maxBatchSize the largest adaptive batch, in rows of the key
 * @param batchSize a fixed batch size; empty means adaptive
 * @param pause the pause between two batches, for a busy primary or replicas that fall behind
 * @param maxReplicationLag pause while any standby's replay_lag is above this; empty means off
 * @param progressInterval how often progress (rows, rows/s, ETA) is logged
 */
public record BackfillSettings(
    Duration targetBatchTime,
    int minBatchSize,
    int maxBatchSize,
    Optional<Integer> batchSize,
    Duration pause,
    Optional<Duration> maxReplicationLag,
    Duration progressInterval) {

  /**
   * 50ms, half the 100 ms budget. A batch's row locks are held until it commits, so an application
   * write to a row the batch already touched waits at most about one batch duration. On the 2-core
   * reference machine batches vary by 2× around their median (latency-baseline: 2,500-row batches
   * p50 29 ms, max 65 ms; 10,000-row batches p50 80 ms, max 220 ms during autovacuum), so a 50ms
   * target keeps the slow ones under 100 ms while batches stay large enough (about 10,000 rows on
   * the §5 table) that the per-batch commit costs only a few percent of throughput.
   */
  public static final Duration DEFAULT_TARGET_BATCH_TIME = Duration.ofMillis(50);

  /** 100 rows: the first batch, and the floor when batches run slow. */
  public static final int DEFAULT_MIN_BATCH_SIZE = 100;

  /**
   * 20,000 rows: a cap for tables with very cheap rows; the target batch time is what normally
   * decides the size.
   */
  public static final int DEFAULT_MAX_BATCH_SIZE = 20_000;

  public static final Duration DEFAULT_PAUSE = Duration.ZERO;
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);

  public static final Setting<Duration> TARGET_BATCH_TIME =
      Setting.duration(
          "backfill.targetBatchTime",
          DEFAULT_TARGET_BATCH_TIME,
          Duration.ofMillis(1),
          Duration.ofSeconds(10),
          "How long one backfill batch should take; the batch size adapts to it. Row locks are"
              + " held that long, so keep it well under the 100 ms budget.");
  public static final Setting<Integer> MIN_BATCH_SIZE =
      Setting.integer(
          "backfill.minBatchSize",
          DEFAULT_MIN_BATCH_SIZE,
          1,
          1_000_000,
          "The smallest adaptive backfill batch, in rows; also the first batch.");
  public static final Setting<Integer> MAX_BATCH_SIZE =
      Setting.integer(
          "backfill.maxBatchSize",
          DEFAULT_MAX_BATCH_SIZE,
          1,
          1_000_000,
          "The largest adaptive backfill batch, in rows.");
  public static final Setting<Integer> BATCH_SIZE =
      Setting.optionalInteger(
          "backfill.batchSize",
          1,
          1_000_000,
          "A fixed backfill batch size in rows; unset means adaptive (targetBatchTime).");
  public static final Setting<Duration> PAUSE =
      Setting.duration(
          "backfill.pause",
          DEFAULT_PAUSE,
          Duration.ZERO,
          Duration.ofMinutes(1),
          "Pause between two backfill batches.");
  public static final Setting<Duration> MAX_REPLICATION_LAG =
      Setting.optionalDuration(
          "backfill.maxReplicationLag",
          Duration.ofMillis(1),
          Duration.ofHours(1),
          "Pause the backfill while any standby's replay_lag (pg_stat_replication) is above"
              + " this; unset means off.");
  public static final Setting<Duration> PROGRESS_INTERVAL =
      Setting.duration(
          "backfill.progressInterval",
          DEFAULT_PROGRESS_INTERVAL,
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "How often a backfill logs rows done, rows/s and ETA.");

  /** Every backfill setting, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          TARGET_BATCH_TIME,
          MIN_BATCH_SIZE,
          MAX_BATCH_SIZE,
          BATCH_SIZE,
          PAUSE,
          MAX_REPLICATION_LAG,
          PROGRESS_INTERVAL);

  public BackfillSettings {
    String source = "Java code";
    TARGET_BATCH_TIME.check(targetBatchTime, source);
    MIN_BATCH_SIZE.check(minBatchSize, source);
    MAX_BATCH_SIZE.check(maxBatchSize, source);
    batchSize.ifPresent(n -> BATCH_SIZE.check(n, source));
    PAUSE.check(pause, source);
    maxReplicationLag.ifPresent(lag -> MAX_REPLICATION_LAG.check(lag, source));
    PROGRESS_INTERVAL.check(progressInterval, source);
    if (maxBatchSize < minBatchSize) {
      throw new InvalidSettingException(
          String.format(
              Locale.ROOT,
              "pgsafe setting %s is %d and %s is %d; %s must not be smaller than %s. Change one"
                  + " of them; nothing was run.",
              MAX_BATCH_SIZE.key(),
              maxBatchSize,
              MIN_BATCH_SIZE.key(),
              minBatchSize,
              MAX_BATCH_SIZE.key(),
              MIN_BATCH_SIZE.key()));
    }
  }

  /** Every backfill setting at its default. */
  public static BackfillSettings defaults() {
    return new BackfillSettings(
        DEFAULT_TARGET_BATCH_TIME,
        DEFAULT_MIN_BATCH_SIZE,
        DEFAULT_MAX_BATCH_SIZE,
        Optional.empty(),
        DEFAULT_PAUSE,
        Optional.empty(),
        DEFAULT_PROGRESS_INTERVAL);
  }

  /** A copy with a fixed batch size. */
  public BackfillSettings withBatchSize(int rows) {
    return new BackfillSettings(
        targetBatchTime,
        minBatchSize,
        maxBatchSize,
        Optional.of(rows),
        pause,
        maxReplicationLag,
        progressInterval);
  }

  /** A copy with adaptive batches between {@code min} and {@code max} rows, aiming at {@code t}. */
  public BackfillSettings withAdaptiveBatches(Duration target, int min, int max) {
    return new BackfillSettings(
        target, min, max, Optional.empty(), pause, maxReplicationLag, progressInterval);
  }

  /** A copy with a pause between batches. */
  public BackfillSettings withPause(Duration betweenBatches) {
    return new BackfillSettings(
        targetBatchTime,
        minBatchSize,
        maxBatchSize,
        batchSize,
        betweenBatches,
        maxReplicationLag,
        progressInterval);
  }

  /** A copy that pauses while replay_lag of any standby is above {@code lag}. */
  public BackfillSettings withMaxReplicationLag(Duration lag) {
    return new BackfillSettings(
        targetBatchTime,
        minBatchSize,
        maxBatchSize,
        batchSize,
        pause,
        Optional.of(lag),
        progressInterval);
  }

  /** A copy that logs progress every {@code interval}. */
  public BackfillSettings withProgressInterval(Duration interval) {
    return new BackfillSettings(
        targetBatchTime, minBatchSize, maxBatchSize, batchSize, pause, maxReplicationLag, interval);
  }
}
