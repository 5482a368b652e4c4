package io.github.pgsafe.runtime;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The lock_timeout of each attempt and the pause after it, from {@link PgsafeSettings}. Pure
 * arithmetic, so it is unit-tested without a server.
 *
 * <p>Pauses double from {@code retry.initialDelay} up to {@code retry.maxDelay}, with "equal
 * jitter": half of the pause is fixed and half is random, so two migrations that failed together do
 * not come back in step, and no pause is shorter than half its nominal length.
 */
public final class AttemptSchedule {
  /**
   * GitLab's with_lock_retries ladder (lib/gitlab/database/with_lock_retries.rb), lock_timeout per
   * attempt; values under {@code lockTimeout} are raised to it, values over {@code
   * retry.maxLockTimeout} are lowered to it, and past the end the last value repeats.
   */
  static final List<Duration> ESCALATING_LADDER =
      List.of(
          Duration.ofMillis(100),
          Duration.ofMillis(100),
          Duration.ofMillis(200),
          Duration.ofMillis(300),
          Duration.ofMillis(400),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          Duration.ofSeconds(7),
          Duration.ofSeconds(10));

  private final PgsafeSettings settings;
  private final DoubleSupplier random;

  public AttemptSchedule(PgsafeSettings settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
  }

  /** lock_timeout of attempt {@code attempt} (1-based). */
  public Duration lockTimeout(int attempt) {
    if (settings.retrySchedule() == RetrySchedule.DEFAULT) {
      return settings.lockTimeout();
    }
    Duration step = ESCALATING_LADDER.get(Math.min(attempt, ESCALATING_LADDER.size()) - 1);
    if (attempt == 1 || step.compareTo(settings.lockTimeout()) < 0) {
      step = settings.lockTimeout();
    }
    return step.compareTo(settings.retryMaxLockTimeout()) > 0
        ? settings.retryMaxLockTimeout()
        : step;
  }

  /** The nominal pause after failed attempt {@code attempt}, before jitter. */
  Duration nominalDelay(int attempt) {
    Duration delay = settings.retryInitialDelay();
    for (int i = 1; i < attempt && delay.compareTo(settings.retryMaxDelay()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(settings.retryMaxDelay()) > 0 ? settings.retryMaxDelay() : delay;
  }

  /** The pause after failed attempt {@code attempt}: between half and all of the nominal pause. */
  public Duration delay(int attempt) {
    long nominal = nominalDelay(attempt).toMillis();
    long half = nominal / 2;
    return Duration.ofMillis(half + Math.round(random.getAsDouble() * (nominal - half)));
  }

  /**
   * Whether another attempt fits: attempts left, and the pause plus the next attempt's lock wait
   * end before {@code retry.maxTotalTime}.
   */
  public boolean mayRetry(int failedAttempts, Duration elapsed, Duration delay) {
    if (failedAttempts >= settings.retryMaxAttempts()) {
      return false;
    }
    Duration next = elapsed.plus(delay).plus(lockTimeout(failedAttempts + 1));
    return next.compareTo(settings.retryMaxTotalTime()) <= 0;
  }
}
