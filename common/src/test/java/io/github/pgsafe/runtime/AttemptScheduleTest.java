package io.github.pgsafe.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptScheduleTest {
  private static final PgsafeSettings DEFAULTS = PgsafeSettings.defaults();

  @Test
  void defaultScheduleNeverWaitsLongerThanLockTimeout() {
    AttemptSchedule schedule = new AttemptSchedule(DEFAULTS, () -> 0.5);
    for (int attempt = 1; attempt <= 1000; attempt++) {
      assertThat(schedule.lockTimeout(attempt)).isEqualTo(Duration.ofMillis(80));
    }
  }

  @Test
  void pausesDoubleUpToMaxDelay() {
    AttemptSchedule schedule = new AttemptSchedule(DEFAULTS, () -> 1.0);
    List<Long> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= 10; attempt++) {
      delays.add(schedule.nominalDelay(attempt).toMillis());
    }
    assertThat(delays)
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10000L, 10000L, 10000L);
  }

  @Test
  void jitterKeepsPauseBetweenHalfAndAllOfTheNominalPause() {
    assertThat(new AttemptSchedule(DEFAULTS, () -> 0.0).delay(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(new AttemptSchedule(DEFAULTS, () -> 1.0).delay(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(new AttemptSchedule(DEFAULTS, () -> 0.5).delay(3)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void escalatingScheduleClimbsGitLabsLadderFromLockTimeoutToMaxLockTimeout() {
    PgsafeSettings escalating =
        DEFAULTS
            .with(PgsafeSettings.RETRY_SCHEDULE, RetrySchedule.ESCALATING)
            .with(PgsafeSettings.RETRY_MAX_LOCK_TIMEOUT, Duration.ofSeconds(3));
    AttemptSchedule schedule = new AttemptSchedule(escalating, () -> 0.5);
    List<Long> timeouts = new ArrayList<>();
    for (int attempt = 1; attempt <= 16; attempt++) {
      timeouts.add(schedule.lockTimeout(attempt).toMillis());
    }
    assertThat(timeouts)
        .containsExactly(
            80L, 100L, 200L, 300L, 400L, 500L, 500L, 500L, 500L, 1000L, 1000L, 3000L, 3000L, 3000L,
            3000L, 3000L);
  }

  @Test
  void stopsAfterMaxAttempts() {
    PgsafeSettings three = DEFAULTS.with(PgsafeSettings.RETRY_MAX_ATTEMPTS, 3);
    AttemptSchedule schedule = new AttemptSchedule(three, () -> 0.5);
    assertThat(schedule.mayRetry(2, Duration.ofSeconds(1), Duration.ofMillis(100))).isTrue();
    assertThat(schedule.mayRetry(3, Duration.ofSeconds(1), Duration.ofMillis(100))).isFalse();
  }

  @Test
  void stopsWhenTheNextAttemptWouldEndAfterMaxTotalTime() {
    PgsafeSettings twoSeconds =
        DEFAULTS.with(PgsafeSettings.RETRY_MAX_TOTAL_TIME, Duration.ofSeconds(2));
    AttemptSchedule schedule = new AttemptSchedule(twoSeconds, () -> 0.5);
    assertThat(schedule.mayRetry(1, Duration.ofMillis(1800), Duration.ofMillis(120))).isTrue();
    assertThat(schedule.mayRetry(1, Duration.ofMillis(1800), Duration.ofMillis(121))).isFalse();
  }
}
