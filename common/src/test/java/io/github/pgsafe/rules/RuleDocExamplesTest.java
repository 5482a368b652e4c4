package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.analysis.PgVersion;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule flags its documented unsafe example and passes its documented safe one. */
class RuleDocExamplesTest {

  static Stream<RuleDoc> statementRules() {
    return BuiltInRules.ALL.stream().map(Rule::doc);
  }

  static Stream<RuleDoc> allRules() {
    return BuiltInRules.docs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRules")
  void flagsItsUnsafeExample(RuleDoc rule) {
    assertThat(ruleIds(lint(rule.unsafeExample())))
        .as("findings for the unsafe example of %s:\n%s", rule.id(), rule.unsafeExample())
        .contains(rule.id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRules")
  void passesItsSafeExample(RuleDoc rule) {
    assertThat(ruleIds(lint(rule.safeExample())))
        .as("findings for the safe example of %s:\n%s", rule.id(), rule.safeExample())
        .doesNotContain(rule.id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statementRules")
  void isSilentWhenDisabled(RuleDoc rule) {
    LintSettings settings =
        LintSettings.defaults(PgVersion.of(17)).withDisabledRules(java.util.Set.of(rule.id()));
    List<Finding> findings =
        new Linter(settings)
            .lint(new SourceFile("V1__example.sql", rule.unsafeExample()))
            .findings();
    assertThat(ruleIds(findings)).doesNotContain(rule.id());
  }

  static List<Finding> lint(String sql) {
    return new Linter(LintSettings.defaults(PgVersion.of(17)))
        .lint(new SourceFile("V1__example.sql", sql))
        .findings();
  }

  static List<String> ruleIds(List<Finding> findings) {
    return findings.stream().map(Finding::rule).toList();
  }
}
