package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.StatementKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationStreamTest {
  private static final Analyzer ANALYZER = Analyzer.forVersion(PgVersion.of(15));

  /** The statement corpus repeated until it is long enough to be analysed on its own thread. */
  private static List<Statement> longScript() throws IOException {
    String corpus;
    try (InputStream in =
        OperationStreamTest.class.getResourceAsStream(
            "/io/github/pgsafe/analysis/pg-statement-corpus.sql")) {
      corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder script = new StringBuilder();
    List<Statement> statements;
    do {
      script.append(corpus).append('\n');
      statements = Splitter.split(script.toString());
    } while (statements.size() < OperationStream.PARALLEL_FROM_STATEMENTS);
    return statements;
  }

  private static List<Operation> drain(OperationStream stream, List<Statement> statements) {
    List<Operation> operations = new ArrayList<>();
    for (Statement statement : statements) {
      if (statement.kind() != StatementKind.EMPTY) {
        operations.add(stream.next());
      }
    }
    return operations;
  }

  @Test
  void aLongScriptAnalysedOnItsOwnThreadGivesTheOperationsInPlaceAnalysisGives()
      throws IOException {
    List<Statement> statements = longScript();
    List<Operation> concurrent = drain(OperationStream.of(ANALYZER, statements), statements);
    assertThat(concurrent).isEqualTo(ANALYZER.analyze(statements));
  }

  @Test
  void aFailureOfTheAnalysisReachesTheCallerInsteadOfLeavingItWaiting() throws IOException {
    List<Statement> statements = new ArrayList<>(longScript());
    statements.set(statements.size() / 2, null);
    OperationStream stream = OperationStream.of(ANALYZER, statements);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () -> {
                      for (int i = 0; i < statements.size(); i++) {
                        stream.next();
                      }
                    })
                .isInstanceOf(NullPointerException.class));
  }
}
