package io.github.pgsafe.rules;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems rules report for one statement, each tagged with its rule. */
final class Problems {
  record Reported(Rule rule, Problem problem) {}

  private final List<Reported> reported = new ArrayList<>();
  private Rule current;

  void startRule(Rule rule) {
    current = rule;
  }

  void add(Problem problem) {
    reported.add(new Reported(current, problem));
  }

  List<Reported> drain() {
    if (reported.isEmpty()) {
      return List.of();
    }
    List<Reported> all = List.copyOf(reported);
    reported.clear();
    return all;
  }
}
