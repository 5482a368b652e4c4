/**
 * Rules that refuse unsafe DDL and say what to write instead.
 *
 * <p>{@link io.github.pgsafe.rules.Linter} runs every enabled rule over the analysed statements of
 * a script. Each rule is one package-private class listed once in {@link
 * io.github.pgsafe.rules.BuiltInRules}; its {@link io.github.pgsafe.rules.RuleDoc} is the source of
 * the reference page under docs/rules.
 */
package io.github.pgsafe.rules;
