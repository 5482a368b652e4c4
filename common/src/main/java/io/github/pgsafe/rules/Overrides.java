package io.github.pgsafe.rules;

import io.github.pgsafe.sql.Directive;
import io.github.pgsafe.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code -- pgsafe:allow <rule>[, <rule>] reason: <text>} comments of one file (before a
 * statement) and {@code -- pgsafe:allow-file ...} (anywhere). A reason is required; an override
 * that suppresses nothing is reported, so stale overrides do not pile up.
 */
final class Overrides {
  static final String ALLOW = "allow";
  static final String ALLOW_FILE = "allow-file";
  private static final String REASON = "reason:";

  /** One parsed override; {@code statement} is -1 for a file-wide one. */
  private static final class Allow {
    final Set<String> rules;
    final Directive directive;
    final int statement;
    boolean used;

    Allow(Set<String> rules, Directive directive, int statement) {
      this.rules = rules;
      this.directive = directive;
      this.statement = statement;
    }
  }

  /** A malformed override, to be reported where it was written. */
  record Invalid(Directive directive, String problem) {}

  private final List<Allow> allows = new ArrayList<>();
  private final List<Invalid> invalid = new ArrayList<>();

  Overrides(List<Statement> statements) {
    for (int i = 0; i < statements.size(); i++) {
      for (Directive directive : statements.get(i).directives()) {
        String name = directive.name().toLowerCase(Locale.ROOT);
        if (name.equals(ALLOW)) {
          parse(directive, i);
        } else if (name.equals(ALLOW_FILE)) {
          parse(directive, -1);
        } else {
          invalid.add(
              new Invalid(
                  directive,
                  "unknown pgsafe directive 'pgsafe:"
                      + directive.name()
                      + "'; use pgsafe:allow or pgsafe:allow-file"));
        }
      }
    }
  }

  private void parse(Directive directive, int statement) {
    String argument = directive.argument();
    int reasonAt = argument.toLowerCase(Locale.ROOT).indexOf(REASON);
    String ids = reasonAt < 0 ? argument : argument.substring(0, reasonAt);
    String reason = reasonAt < 0 ? "" : argument.substring(reasonAt + REASON.length()).strip();
    Set<String> rules = new LinkedHashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        rules.add(id.strip());
      }
    }
    String usage =
        "write it as: -- pgsafe:" + directive.name() + " <rule-id>[, <rule-id>] reason: <why>";
    if (rules.isEmpty()) {
      invalid.add(new Invalid(directive, "the override names no rule; " + usage));
      return;
    }
    for (String id : rules) {
      if (BuiltInRules.doc(id).isEmpty()) {
        invalid.add(
            new Invalid(
                directive, "the override names unknown rule '" + id + "'; see docs/rules/"));
        return;
      }
    }
    if (reason.isEmpty()) {
      invalid.add(
          new Invalid(directive, "the override of " + rules + " gives no reason; " + usage));
      return;
    }
    allows.add(new Allow(rules, directive, statement));
  }

  /**
   * True (and the override counts as used) if an override allows {@code rule} at {@code statement}.
   */
  boolean allows(String rule, int statement) {
    boolean allowed = false;
    for (Allow allow : allows) {
      if ((allow.statement == statement || allow.statement < 0) && allow.rules.contains(rule)) {
        allow.used = true;
        allowed = true;
      }
    }
    return allowed;
  }

  List<Invalid> invalid() {
    return List.copyOf(invalid);
  }

  /** Overrides that allowed nothing, to be reported once linting of the file is done. */
  List<Directive> unused() {
    return allows.stream().filter(a -> !a.used).map(a -> a.directive).toList();
  }
}
