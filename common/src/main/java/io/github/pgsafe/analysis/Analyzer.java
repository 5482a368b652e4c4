package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Works out what statements do to a PostgreSQL database of a given major version: locks, effects on
 * each table, and whether they may run in a transaction block. Analysis reads only the statements;
 * facts that need the catalog (table sizes, a column's current type) are marked as worst cases in
 * {@link TableEffect.Certainty}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Analyzer {
  private final PgVersion version;

  private Analyzer(PgVersion version) {
    this.version = version;
  }

  /** An analyzer for servers of {@code version}. */
  public static Analyzer forVersion(PgVersion version) {
    return new Analyzer(version);
  }

  /** An analyzer for an unknown server: {@link PgVersion#DEFAULT}. */
  public static Analyzer forUnknownVersion() {
    return new Analyzer(PgVersion.DEFAULT);
  }

  public PgVersion version() {
    return version;
  }

  /**
   * Analyses the statements of one script in order; earlier statements inform later ones (a foreign
   * key added {@code NOT VALID} tells what its {@code VALIDATE} locks). Pieces holding only
   * comments or whitespace are skipped, so the result has one operation per executable statement
   * and psql meta-command.
   */
  public List<Operation> analyze(List<Statement> statements) {
    List<Operation> operations = new ArrayList<>(statements.size());
    analyze(statements, operations::add);
    return operations;
  }

  /** As {@link #analyze(List)}, handing each operation to {@code sink} as soon as it is known. */
  public void analyze(List<Statement> statements, Consumer<Operation> sink) {
    ScriptContext context = new ScriptContext();
    for (Statement statement : statements) {
      if (statement.kind() != StatementKind.EMPTY) {
        sink.accept(new StatementAnalyzer(statement, version, context).analyze());
      }
    }
  }

  /** Splits {@code script} and analyses it: {@code analyze(Splitter.split(script))}. */
  public List<Operation> analyzeScript(String script) {
    return analyze(Splitter.split(script));
  }

  /**
   * Analyses one statement on its own, knowing nothing of the script around it.
   *
   * @throws IllegalArgumentException for a piece without a statement ({@link StatementKind#EMPTY})
   */
  public Operation analyze(Statement statement) {
    if (statement.kind() == StatementKind.EMPTY) {
      throw new IllegalArgumentException(
          "line " + statement.line() + " holds no statement, only comments or whitespace");
    }
    return new StatementAnalyzer(statement, version, new ScriptContext()).analyze();
  }
}
