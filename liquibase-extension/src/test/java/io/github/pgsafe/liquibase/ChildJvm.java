package io.github.pgsafe.liquibase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own, with this test JVM's classpath (liquibase-core, its
 * dependencies, pgsafe-liquibase and pgJDBC): what a user gets who puts the jars on the classpath
 * of the Liquibase command line.
 */
final class ChildJvm {
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  /** What the process printed (stdout and stderr together) and how it ended. */
  record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit code " + exitCode + ", output:\n" + output;
    }
  }

  private final String mainClass;
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String classpath = System.getProperty("java.class.path");

  ChildJvm(String mainClass) {
    this.mainClass = mainClass;
  }

  ChildJvm systemProperty(String key, String value) {
    jvmOptions.add("-D" + key + "=" + value);
    return this;
  }

  /** Another classpath than this JVM's. */
  ChildJvm classpath(String entries) {
    this.classpath = entries;
    return this;
  }

  ChildJvm environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Runs the main class with {@code arguments} in {@code directory}; fails after 3 minutes. */
  Result run(Path directory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    Path log = directory.resolve("child-" + System.nanoTime() + ".log");
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            mainClass + " did not finish in " + DEADLINE + "; output:\n" + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while " + mainClass + " ran", e);
    }
  }
}
