package io.github.pgsafe.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL's own parser (npm {@code libpg-query}, PostgreSQL 18 compiled to WASM) run through
 * Node, answering where each statement of a script starts and ends. Installs the package into
 * {@code <module>/target/oracle} on first use.
 */
final class PgParserOracle {
  static final String PACKAGE = "libpg-query";
  static final String VERSION = "18.1.5";
  private static final String SCRIPT_RESOURCE = "/oracle/pg-split.cjs";
  private static final long INSTALL_TIMEOUT_MINUTES = 5;
  private static final long RUN_TIMEOUT_MINUTES = 5;

  /** The parser's answer for one input: statement ranges, or the error that stopped it. */
  record Answer(List<Range> statements, String error, int errorOffset) {
    boolean parsed() {
      return error == null;
    }
  }

  /** From a statement's first token to the end of its last, in chars (comments and ';' out). */
  record Range(int start, int end) {}

  /**
   * The scanner's answer for one input: where its {@code ;} tokens start and where its tokens
   * (comments left out) start and end, or its error. The error may be cut to its first 10 chars,
   * with offset -1 (see {@code pg-split.cjs}).
   */
  record ScanAnswer(List<Integer> semicolons, List<Range> tokens, String error, int errorOffset) {
    boolean scanned() {
      return error == null;
    }
  }

  /** Why the oracle cannot run here; thrown instead of a half-working oracle. */
  static final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnavailableException(String reason) {
      super(reason);
    }
  }

  private final Path workDir;
  private final Path script;

  private PgParserOracle(Path workDir, Path script) {
    this.workDir = workDir;
    this.script = script;
  }

  /**
   * The oracle in {@code <module>/target/oracle}, installed if needed; without Node or npm the
   * calling test is skipped, or fails when {@code CI=true}.
   */
  static PgParserOracle forTests() throws IOException {
    try {
      return install(moduleDir().resolve("target").resolve("oracle"));
    } catch (UnavailableException e) {
      unavailable(e.getMessage());
      throw new AssertionError("unreachable");
    }
  }

  /** The module directory: Maven's {@code basedir}, else the working directory. */
  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** Fails in CI, where the oracle must run; elsewhere skips the test with the reason. */
  static void unavailable(String reason) {
    String message = "libpg-query oracle unavailable: " + reason;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  /** Checks Node and npm, installs libpg-query if absent, and returns the ready oracle. */
  static PgParserOracle install(Path workDir) throws UnavailableException, IOException {
    Files.createDirectories(workDir);
    String nodeVersion = run(workDir, List.of("node", "--version"), INSTALL_TIMEOUT_MINUTES);
    if (nodeVersion == null) {
      throw new UnavailableException(
          "node is not on the PATH (libpg-query needs Node 18 or newer)");
    }
    Path packageJson = workDir.resolve("node_modules").resolve(PACKAGE).resolve("package.json");
    if (!Files.isRegularFile(packageJson)
        || !Files.readString(packageJson).contains("\"version\": \"" + VERSION + "\"")) {
      String npm = npmCommand();
      String out =
          run(
              workDir,
              List.of(
                  npm,
                  "install",
                  "--prefix",
                  workDir.toString(),
                  "--no-audit",
                  "--no-fund",
                  "--no-save",
                  PACKAGE + "@" + VERSION),
              INSTALL_TIMEOUT_MINUTES);
      if (out == null || !Files.isRegularFile(packageJson)) {
        throw new UnavailableException(
            "could not install " + PACKAGE + "@" + VERSION + " with npm into " + workDir);
      }
    }
    Path script = workDir.resolve("pg-split.cjs");
    try (InputStream in =
        Objects.requireNonNull(
            PgParserOracle.class.getResourceAsStream(SCRIPT_RESOURCE), SCRIPT_RESOURCE)) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return new PgParserOracle(workDir, script);
  }

  /** Parses every input with one Node process; answers in input order. */
  List<Answer> parse(List<String> inputs) throws IOException {
    List<Answer> answers = new ArrayList<>();
    for (JsonNode node : run(inputs, false)) {
      if (node.has("error")) {
        answers.add(
            new Answer(List.of(), node.get("error").asText(), node.get("position").asInt()));
      } else {
        List<Range> ranges = new ArrayList<>();
        for (JsonNode range : node.get("statements")) {
          ranges.add(new Range(range.get(0).asInt(), range.get(1).asInt()));
        }
        answers.add(new Answer(ranges, null, -1));
      }
    }
    return answers;
  }

  /** Runs only PostgreSQL's scanner on every input; answers in input order. */
  List<ScanAnswer> scan(List<String> inputs) throws IOException {
    List<ScanAnswer> answers = new ArrayList<>();
    for (JsonNode node : run(inputs, true)) {
      if (node.has("error")) {
        answers.add(
            new ScanAnswer(
                List.of(), List.of(), node.get("error").asText(), node.get("position").asInt()));
      } else {
        List<Integer> offsets = new ArrayList<>();
        node.get("semicolons").forEach(n -> offsets.add(n.asInt()));
        List<Range> tokens = new ArrayList<>();
        node.get("tokens").forEach(n -> tokens.add(new Range(n.get(0).asInt(), n.get(1).asInt())));
        answers.add(new ScanAnswer(offsets, tokens, null, -1));
      }
    }
    return answers;
  }

  /** PostgreSQL 18's key words, each with its category, e.g. {@code RESERVED_KEYWORD}. */
  Map<String, String> keywords() throws IOException {
    String out =
        run(
            workDir,
            List.of(
                "node",
                script.toString(),
                workDir.resolve("node_modules").toString(),
                "--keywords"),
            RUN_TIMEOUT_MINUTES);
    if (out == null) {
      throw new IOException("the oracle script failed; see the output above");
    }
    Map<String, String> keywords = new TreeMap<>();
    new ObjectMapper()
        .readTree(out)
        .get("keywords")
        .properties()
        .forEach(e -> keywords.put(e.getKey(), e.getValue().asText()));
    return keywords;
  }

  private List<JsonNode> run(List<String> inputs, boolean scanOnly) throws IOException {
    Path inputDir = workDir.resolve(scanOnly ? "scan-inputs" : "inputs");
    Files.createDirectories(inputDir);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Path file = inputDir.resolve(i + ".sql");
      Files.writeString(file, inputs.get(i), StandardCharsets.UTF_8);
      files.add(file.toString());
    }
    Path list = workDir.resolve(scanOnly ? "scan-inputs.txt" : "inputs.txt");
    Files.write(list, files, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(script.toString());
    command.add(workDir.resolve("node_modules").toString());
    command.add(list.toString());
    if (scanOnly) {
      command.add("--scan");
    }
    String out = run(workDir, command, RUN_TIMEOUT_MINUTES);
    if (out == null) {
      throw new IOException("the oracle script failed; see the output above");
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> answers = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line);
      if (node.get("index").asInt() != answers.size()) {
        throw new IOException("oracle answers out of order: " + line);
      }
      answers.add(node);
    }
    if (answers.size() != inputs.size()) {
      throw new IOException(
          "the oracle answered " + answers.size() + " of " + inputs.size() + " inputs");
    }
    return answers;
  }

  private static String npmCommand() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
  }

  /** Runs a command; its output, or null if it could not start, failed or timed out. */
  private static String run(Path dir, List<String> command, long timeoutMinutes)
      throws IOException {
    Path stderr = Files.createTempFile(dir, "oracle", ".err");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException notFound) {
      Files.deleteIfExists(stderr);
      return null;
    }
    try {
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        System.err.println(String.join(" ", command) + ": timed out");
        return null;
      }
      if (process.exitValue() != 0) {
        System.err.println(
            String.join(" ", command)
                + ": exit "
                + process.exitValue()
                + "\n"
                + Files.readString(stderr));
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(stderr);
    }
  }
}
