package io.github.pgsafe.samples.bench;

import io.github.pgsafe.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The 20,048-statement benchmark script, generated at run time from
 * shared/reference/pg-statement-corpus.sql so that no large file is committed.
 */
public final class BenchmarkScript {
  private BenchmarkScript() {}

  /** The corpus, each copy followed by a newline, {@link ThroughputBenchmark#COPIES} times. */
  public static String generate(Path sharedDir) throws IOException {
    String corpus = Files.readString(sharedDir.resolve("reference/pg-statement-corpus.sql"));
    StringBuilder script = new StringBuilder((corpus.length() + 1) * ThroughputBenchmark.COPIES);
    for (int i = 0; i < ThroughputBenchmark.COPIES; i++) {
      script.append(corpus).append('\n');
    }
    return script.toString();
  }

  /** {@code java ... BenchmarkScript OUT.sql}: writes the script for the shell benchmarks. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BenchmarkScript OUT.sql");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), generate(SharedDir.locate()));
  }
}
