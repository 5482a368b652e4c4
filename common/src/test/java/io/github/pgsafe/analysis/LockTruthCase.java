package io.github.pgsafe.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One case of {@code lock-truth-cases.sql}: setup statements, then the statement under test.
 *
 * @param name e.g. {@code 13 add-column-default-now}
 * @param sinceMajor the first major that has the statement's syntax
 * @param hold for statements that cannot run in a transaction block, the table a third session
 *     locks so the statement has to wait where it can be watched
 * @param setup statements committed before the one under test
 * @param statement the statement under test
 */
record LockTruthCase(
    String name, int sinceMajor, Optional<String> hold, String setup, String statement) {

  static List<LockTruthCase> load(String resource) {
    String text;
    try (InputStream in = LockTruthCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<LockTruthCase> cases = new ArrayList<>();
    Builder current = null;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("-- case:")) {
        if (current != null) {
          cases.add(current.build());
        }
        current = new Builder(line.substring("-- case:".length()).strip());
      } else if (current == null) {
        continue;
      } else if (line.startsWith("-- since:")) {
        current.since = Integer.parseInt(line.substring("-- since:".length()).strip());
      } else if (line.startsWith("-- hold:")) {
        current.hold = line.substring("-- hold:".length()).strip();
      } else if (line.startsWith("-- run:")) {
        current.running = true;
      } else if (current.running) {
        current.statement.append(line).append('\n');
      } else {
        current.setup.append(line).append('\n');
      }
    }
    if (current != null) {
      cases.add(current.build());
    }
    return cases;
  }

  @Override
  public String toString() {
    return name;
  }

  private static final class Builder {
    final String name;
    int since = 9;
    String hold;
    boolean running;
    final StringBuilder setup = new StringBuilder();
    final StringBuilder statement = new StringBuilder();

    Builder(String name) {
      this.name = name;
    }

    LockTruthCase build() {
      String sql = statement.toString();
      // Blank lines and comments between cases belong to no one.
      int lastSemicolon = sql.lastIndexOf(';');
      if (lastSemicolon < 0) {
        throw new IllegalStateException("case " + name + " has no statement after -- run:");
      }
      return new LockTruthCase(
          name,
          since,
          Optional.ofNullable(hold),
          setup.toString(),
          sql.substring(0, lastSemicolon + 1));
    }
  }
}
