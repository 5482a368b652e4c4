package io.github.pgsafe.rules;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a rule says about itself; the reference page under docs/rules is generated from it.
 *
 * @param id kebab-case and stable: ids are API and are never renamed
 * @param severity the severity of its findings on a large table
 * @param summary one line: what the rule catches
 * @param why what the unsafe statement does to the database, in plain words
 * @param unsafeExample SQL the rule flags
 * @param safeExample the SQL to write instead; the rule passes it
 * @param links the PostgreSQL manual pages that back the claim
 */
public record RuleDoc(
    String id,
    Severity severity,
    String summary,
    String why,
    String unsafeExample,
    String safeExample,
    List<String> links) {

  private static final Pattern KEBAB_CASE = Pattern.compile("[a-z]+(-[a-z0-9]+)*");

  public RuleDoc {
    if (!KEBAB_CASE.matcher(id).matches()) {
      throw new IllegalArgumentException("rule id must be kebab-case: " + id);
    }
    links = List.copyOf(links);
  }
}
