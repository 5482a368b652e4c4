package io.github.pgsafe.samples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run: on a fresh copy, the application and the lock monitor start, a baseline window passes
 * with no migration, then the plan's steps run one after the other, then a short tail.
 */
final class DemoRun {
  static final String BASELINE = "baseline";
  private static final Duration BASELINE_WINDOW = Duration.ofSeconds(2);
  private static final Duration TAIL = Duration.ofSeconds(1);

  private final DemoOptions options;

  DemoRun(DemoOptions options) {
    this.options = options;
  }

  RunResult run(Database db, Plan plan, AppVersion app) throws Exception {
    plan.prelude().run();
    LatencyRecorder recorder = new LatencyRecorder();
    LockMonitor monitor = new LockMonitor(db, recorder);
    List<StepTiming> timings = new ArrayList<>();
    try (monitor;
        AppSimulator simulator =
            new AppSimulator(
                db,
                app,
                recorder,
                options.orders(),
                options.users(),
                options.threads(),
                options.queriesPerSecondPerThread())) {
      monitor.start();
      simulator.start();
      List<Step> steps = new ArrayList<>();
      steps.add(
          new Step(
              BASELINE, "no migration (baseline)", () -> Thread.sleep(BASELINE_WINDOW.toMillis())));
      steps.addAll(plan.steps());
      for (Step step : steps) {
        System.out.printf("  %s %s: %s%n", plan.tool(), plan.variant(), step.label());
        long start = recorder.now();
        Optional<String> error = Optional.empty();
        try {
          step.action().run();
        } catch (Exception e) {
          error = Optional.of(String.valueOf(e.getMessage()));
        }
        timings.add(new StepTiming(step, start, recorder.now(), error));
        if (error.isPresent()) {
          System.out.printf("  step failed, run stopped: %s%n", error.get());
          break;
        }
      }
      Thread.sleep(TAIL.toMillis());
    }
    return new RunResult(
        plan.tool(),
        plan.variant(),
        timings,
        recorder.samples(),
        monitor.waits(),
        monitor.strongLocks());
  }
}
