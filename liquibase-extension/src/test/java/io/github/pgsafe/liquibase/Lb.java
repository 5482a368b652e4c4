package io.github.pgsafe.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.util.LiquibaseUtil;

/** Runs Liquibase commands through its command API, the path the CLI and Maven plugin take. */
final class Lb {
  private final TestDatabase db;
  private final Map<String, Object> scope;

  Lb(TestDatabase db) {
    this(db, Map.of());
  }

  private Lb(TestDatabase db, Map<String, Object> scope) {
    this.db = db;
    this.scope = scope;
  }

  /**
   * The same with Liquibase configuration values ({@code liquibase.pgsafe.lockTimeout}) in the
   * command's scope, where Liquibase looks first: passed as values, not as system properties.
   */
  Lb withConfiguration(Map<String, String> values) {
    Map<String, Object> merged = new HashMap<>(scope);
    merged.putAll(values);
    return new Lb(db, merged);
  }

  /** Runs {@code command} with the changelog (a classpath path); returns what it printed. */
  String run(String command, String changelog, Map<String, Object> args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Object> values = new HashMap<>(scope);
    values.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
    Scope.child(
        values,
        () -> {
          CommandScope scope =
              new CommandScope(command)
                  .addArgumentValue("url", db.jdbcUrl())
                  .addArgumentValue("username", db.user())
                  .addArgumentValue("changelogFile", changelog)
                  .setOutput(out);
          args.forEach(scope::addArgumentValue);
          scope.execute();
        });
    return out.toString(StandardCharsets.UTF_8);
  }

  String run(String command, String changelog) throws Exception {
    return run(command, changelog, Map.of());
  }

  /**
   * Fails unless the Liquibase on the classpath is the one this failsafe execution is for ({@code
   * pgsafe.liquibase.version}): the version matrix must really run each version.
   */
  static void assertVersionOfThisExecution() {
    String expected = System.getProperty("pgsafe.liquibase.version");
    if (expected != null && !expected.isBlank()) {
      assertThat(LiquibaseUtil.getBuildVersion()).isEqualTo(expected);
    }
  }
}
