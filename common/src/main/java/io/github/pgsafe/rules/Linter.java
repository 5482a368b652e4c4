package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.catalog.CatalogFacts;
import io.github.pgsafe.catalog.TableFacts;
import io.github.pgsafe.sql.Directive;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.SqlSyntaxException;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.StatementKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the enabled rules over scripts, statement by statement, and turns what they report into
 * {@link Finding}s: placed in the file, adjusted by catalog facts, filtered by overrides.
 */
public final class Linter {
  private final LintSettings settings;
  private final Optional<CatalogFacts> catalog;
  private final List<Rule> rules;
  private final Map<OperationKind, List<Rule>> rulesByKind = new EnumMap<>(OperationKind.class);
  private final Analyzer analyzer;

  public Linter(LintSettings settings) {
    this(settings, Optional.empty());
  }

  /** A linter that also uses live facts (table sizes, column types) of the target database. */
  public Linter(LintSettings settings, Optional<CatalogFacts> catalog) {
    this.settings = settings;
    this.catalog = catalog;
    this.analyzer = Analyzer.forVersion(settings.pgVersion());
    this.rules = BuiltInRules.ALL.stream().filter(r -> settings.enabled(r.doc().id())).toList();
    for (OperationKind kind : OperationKind.values()) {
      rulesByKind.put(kind, rules.stream().filter(r -> r.kinds().contains(kind)).toList());
    }
  }

  public LintResult lint(List<SourceFile> files) {
    List<Finding> findings = new ArrayList<>();
    int statements = 0;
    for (SourceFile file : files) {
      FileResult result = lintFile(file);
      findings.addAll(result.findings);
      statements += result.statements;
    }
    List<RuleDoc> docs = new ArrayList<>(BuiltInRules.META);
    rules.forEach(rule -> docs.add(rule.doc()));
    return new LintResult(findings, docs, files.size(), statements);
  }

  public LintResult lint(SourceFile file) {
    return lint(List.of(file));
  }

  private record FileResult(List<Finding> findings, int statements) {}

  private FileResult lintFile(SourceFile file) {
    List<Statement> statements;
    try {
      statements = Splitter.split(file.text());
    } catch (SqlSyntaxException e) {
      Finding syntax =
          new Finding(
              BuiltInRules.SYNTAX_ERROR.id(),
              Severity.ERROR,
              file.name(),
              e.line(),
              e.column(),
              e.line(),
              e.column(),
              "",
              "The script cannot be split into statements: " + e.getMessage(),
              "",
              Optional.empty());
      return new FileResult(List.of(syntax), 0);
    }
    List<Finding> findings = new ArrayList<>();
    Overrides overrides = new Overrides(statements);
    for (Overrides.Invalid invalid : overrides.invalid()) {
      findings.add(
          directiveFinding(
              file, BuiltInRules.INVALID_OVERRIDE, invalid.directive(), invalid.problem()));
    }
    ScriptContext context = new ScriptContext(settings, catalog, statements);
    Problems problems = new Problems();
    int executable = 0;
    OperationStream operations = OperationStream.of(analyzer, statements);
    for (int i = 0; i < statements.size(); i++) {
      Statement statement = statements.get(i);
      if (statement.kind() == StatementKind.EMPTY) {
        continue;
      }
      Operation operation = operations.next();
      if (!statement.isExecutable()) {
        continue;
      }
      executable++;
      lintStatement(file, i, operation, context, overrides, problems, findings);
    }
    for (Directive unused : overrides.unused()) {
      findings.add(
          directiveFinding(
              file,
              BuiltInRules.UNUSED_OVERRIDE,
              unused,
              "This override allows nothing: no finding of the rules it names was suppressed by"
                  + " it. Remove it, so that it does not hide a future problem."));
    }
    findings.sort(
        (a, b) ->
            a.line() != b.line()
                ? Integer.compare(a.line(), b.line())
                : a.rule().compareTo(b.rule()));
    return new FileResult(findings, executable);
  }

  /**
   * One statement's part of {@link #lintFile}, kept out of its loop: a short-lived JVM compiles a
   * method after a few hundred calls, but a loop inside one only after tens of thousands of turns.
   */
  private void lintStatement(
      SourceFile file,
      int index,
      Operation operation,
      ScriptContext context,
      Overrides overrides,
      Problems problems,
      List<Finding> findings) {
    context.enter(operation, index);
    for (Rule rule : rulesByKind.get(operation.kind())) {
      problems.startRule(rule);
      rule.check(operation, context, problems);
    }
    for (Problems.Reported reported : problems.drain()) {
      String id = reported.rule().doc().id();
      if (!overrides.allows(id, index)) {
        findings.add(finding(file, operation.statement(), reported, context));
      }
    }
    context.leave(operation);
  }

  private Finding finding(
      SourceFile file, Statement statement, Problems.Reported reported, ScriptContext context) {
    RuleDoc doc = reported.rule().doc();
    Problem problem = reported.problem();
    Severity severity = doc.severity();
    Optional<String> note = Optional.empty();
    Optional<TableFacts> table =
        problem.table().isPresent() ? context.table(problem.table().get()) : Optional.empty();
    if (table.isPresent()) {
      TableFacts facts = table.get();
      if (facts.totalBytes() <= settings.smallTableBytes()) {
        severity = severity.downgraded();
        note =
            Optional.of(
                String.format(
                    "%s is small (%s; at most %s counts as small), so the lock is short:"
                        + " downgraded from %s.",
                    facts.name(),
                    facts.describeSize(),
                    TableFacts.humanBytes(settings.smallTableBytes()),
                    doc.severity().label()));
      } else {
        note = Optional.of(String.format("%s is large: %s.", facts.name(), facts.describeSize()));
      }
    }
    return new Finding(
        doc.id(),
        severity,
        file.name(),
        statement.line(),
        statement.column(),
        statement.endLine(),
        statement.endColumn(),
        statement.sql(),
        problem.message(),
        problem.fix(),
        note);
  }

  private static Finding directiveFinding(
      SourceFile file, RuleDoc rule, Directive directive, String message) {
    return new Finding(
        rule.id(),
        rule.severity(),
        file.name(),
        directive.line(),
        directive.column(),
        directive.line(),
        directive.column(),
        "-- pgsafe:" + directive.name() + " " + directive.argument(),
        message,
        "",
        Optional.empty());
  }
}
