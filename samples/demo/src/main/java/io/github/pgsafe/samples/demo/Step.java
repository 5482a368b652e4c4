package io.github.pgsafe.samples.demo;

/**
 * One step of a run: a migration (or a deployment of the application), named by {@code key} so that
 * the naive and the pgsafe run line up in the report.
 */
record Step(String key, String label, Action action) {
  /** What the step does. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }
}
