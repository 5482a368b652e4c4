package io.github.pgsafe.liquibase;

import io.github.pgsafe.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Runs Liquibase commands through its command API, the path the CLI and Maven plugin take. */
final class Lb {
  private final TestDatabase db;

  Lb(TestDatabase db) {
    this.db = db;
  }

  /** Runs {@code command} with the changelog (a classpath path); returns what it printed. */
  String run(String command, String changelog, Map<String, Object> args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Scope.child(
        Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()),
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
}
