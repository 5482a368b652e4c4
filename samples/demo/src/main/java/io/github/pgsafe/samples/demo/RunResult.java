package io.github.pgsafe.samples.demo;

import java.util.List;
import java.util.Optional;

/** Everything one run measured: its steps' timings, the application's queries, the locks. */
record RunResult(
    String tool,
    String variant,
    List<StepTiming> steps,
    List<QuerySample> samples,
    List<LockWait> lockWaits,
    List<StrongLock> strongLocks) {

  StepStats stats(StepTiming step) {
    return StepStats.of(step.startNanos(), step.endNanos(), samples, lockWaits, strongLocks);
  }

  /** From the first migration step's start to the last step's end (the baseline left out). */
  StepStats migrationStats() {
    return StepStats.of(
        migrationStartNanos(),
        steps.get(steps.size() - 1).endNanos(),
        samples,
        lockWaits,
        strongLocks);
  }

  long migrationStartNanos() {
    return steps.stream()
        .filter(s -> !s.step().key().equals(DemoRun.BASELINE))
        .findFirst()
        .orElseThrow()
        .startNanos();
  }

  double migrationSeconds() {
    return (steps.get(steps.size() - 1).endNanos() - migrationStartNanos()) / 1e9;
  }

  /** The golden rule over the whole run: no application query waited more than 100 ms on a lock. */
  boolean heldGoldenRule() {
    return lockWaits.stream().noneMatch(w -> w.millis() > StepStats.BUDGET_MILLIS);
  }

  /** The first step that failed, if any. */
  Optional<StepTiming> failedStep() {
    return steps.stream().filter(s -> s.error().isPresent()).findFirst();
  }
}
