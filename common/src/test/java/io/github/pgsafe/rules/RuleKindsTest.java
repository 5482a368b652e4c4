package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.StatementKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linter asks a rule only about the operation kinds it declares. Asked about every operation of
 * the statement corpus and of every rule's examples, no rule reports on a kind it did not declare,
 * so the declarations hide nothing.
 */
class RuleKindsTest {

  static Stream<String> scripts() throws IOException {
    List<String> scripts = new ArrayList<>();
    try (InputStream corpus =
        RuleKindsTest.class.getResourceAsStream(
            "/io/github/pgsafe/analysis/pg-statement-corpus.sql")) {
      scripts.add(new String(corpus.readAllBytes(), StandardCharsets.UTF_8));
    }
    for (RuleDoc doc : BuiltInRules.ALL.stream().map(Rule::doc).toList()) {
      scripts.add(doc.unsafeExample());
      scripts.add(doc.safeExample());
    }
    return scripts.stream();
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void noRuleReportsOnAKindItDoesNotDeclare(String script) {
    for (PgVersion version : List.of(PgVersion.of(12), PgVersion.of(17))) {
      LintSettings settings = LintSettings.defaults(version);
      List<Statement> statements = Splitter.split(script);
      List<Operation> operations = Analyzer.forVersion(version).analyze(statements);
      ScriptContext context = new ScriptContext(settings, Optional.empty(), statements);
      Problems problems = new Problems();
      List<String> undeclared = new ArrayList<>();
      int next = 0;
      for (int i = 0; i < statements.size(); i++) {
        if (statements.get(i).kind() == StatementKind.EMPTY) {
          continue;
        }
        Operation operation = operations.get(next++);
        if (!statements.get(i).isExecutable()) {
          continue;
        }
        context.enter(operation, i);
        for (Rule rule : BuiltInRules.ALL) {
          problems.startRule(rule);
          rule.check(operation, context, problems);
        }
        for (Problems.Reported reported : problems.drain()) {
          if (!reported.rule().kinds().contains(operation.kind())) {
            undeclared.add(
                reported.rule().doc().id() + " on " + operation.kind() + " at line " + (i + 1));
          }
        }
        context.leave(operation);
      }
      assertThat(undeclared).as("findings on undeclared kinds, %s", version).isEmpty();
    }
  }
}
