package io.github.pgsafe.samples.bench;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.LintSettings;
import io.github.pgsafe.rules.Linter;
import io.github.pgsafe.rules.SourceFile;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.testkit.SharedDir;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * In-process throughput of pgsafe on the benchmark script: the statement corpus of shared/reference
 * repeated {@value #COPIES} times (20,048 statements). Measures split, split + analyse, and lint
 * (split + analyse + every rule), each after warm-up, and prints median, min and max in statements
 * per second. docs/benchmarks.md gives the command and records the results.
 */
public final class ThroughputBenchmark {
  /** 134-line corpus × 358 = 20,048 statements, the size squawk's numbers were taken on. */
  static final int COPIES = 358;

  /**
   * The splitter's hot loop needs about 20 runs before C2 has compiled it on two cores; fewer
   * warm-up runs measure the interpreter, not pgsafe.
   */
  private static final int DEFAULT_WARMUP = 30;

  private static final int DEFAULT_ITERATIONS = 20;

  private ThroughputBenchmark() {}

  public static void main(String[] args) throws IOException {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_WARMUP;
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ITERATIONS;
    String script = BenchmarkScript.generate(SharedDir.locate());
    PrintStream out = System.out;
    int statements = countStatements(script);
    out.printf(
        Locale.ROOT,
        "script: %d chars, %d statements; warm-up %d, iterations %d; %s %s%n",
        script.length(),
        statements,
        warmup,
        iterations,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    Analyzer analyzer = Analyzer.forVersion(PgVersion.DEFAULT);
    Linter linter = new Linter(LintSettings.defaults(PgVersion.DEFAULT));
    SourceFile file = new SourceFile("bench.sql", script);
    measure(out, "split", warmup, iterations, statements, s -> Splitter.split(s).size(), script);
    measure(
        out,
        "split+analyse",
        warmup,
        iterations,
        statements,
        s -> {
          List<Operation> ops = analyzer.analyze(Splitter.split(s));
          return ops.size();
        },
        script);
    measure(
        out,
        "lint (all rules)",
        warmup,
        iterations,
        statements,
        s -> {
          LintResult result = linter.lint(file);
          return result.findings().size();
        },
        script);
  }

  private static int countStatements(String script) {
    int executable = 0;
    for (Statement statement : Splitter.split(script)) {
      if (statement.isExecutable()) {
        executable++;
      }
    }
    return executable;
  }

  private static void measure(
      PrintStream out,
      String name,
      int warmup,
      int iterations,
      int statements,
      ToIntFunction<String> work,
      String script) {
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += work.applyAsInt(script);
    }
    List<Double> rates = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      sink += work.applyAsInt(script);
      long elapsed = System.nanoTime() - start;
      millis.add(elapsed / 1e6);
      rates.add(statements / (elapsed / 1e9));
    }
    rates.sort(null);
    millis.sort(null);
    out.printf(
        Locale.ROOT,
        "%-18s median %,10.0f statements/s (min %,.0f, max %,.0f); median %.1f ms per run"
            + " [%d]%n",
        name,
        median(rates),
        rates.get(0),
        rates.get(rates.size() - 1),
        median(millis),
        sink % 10);
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
