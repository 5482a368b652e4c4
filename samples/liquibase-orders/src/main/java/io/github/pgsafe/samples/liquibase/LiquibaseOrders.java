package io.github.pgsafe.samples.liquibase;

import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Runs the sample's changelogs through Liquibase's command API, the path the CLI, the Maven plugin
 * and Spring Boot take. pgsafe-liquibase needs no registration: when its jar is on the class path,
 * Liquibase loads its change types, guard and executor by itself.
 *
 * <p>Only Liquibase types appear here, so the demo can also load this class where pgsafe is absent.
 */
public final class LiquibaseOrders {
  /** Both scenarios with pgsafe's change types. */
  public static final String PGSAFE = "db/changelog/pgsafe.xml";

  /** The naive version of the same scenarios, built-in changes and raw SQL only. */
  public static final String NAIVE = "db/changelog/naive.xml";

  private LiquibaseOrders() {}

  /** Applies every pending changeset of {@code changelog}. */
  public static void update(String url, String user, String password, String changelog)
      throws Exception {
    run("update", url, user, password, changelog, Map.of());
  }

  /** Applies the next {@code count} pending changesets of {@code changelog}. */
  public static void updateCount(
      String url, String user, String password, String changelog, int count) throws Exception {
    run("updateCount", url, user, password, changelog, Map.of("count", count));
  }

  private static void run(
      String command,
      String url,
      String user,
      String password,
      String changelog,
      Map<String, Object> args)
      throws Exception {
    ClassLoader loader = LiquibaseOrders.class.getClassLoader();
    Scope.child(
        Map.of(
            Scope.Attr.resourceAccessor.name(),
            new ClassLoaderResourceAccessor(loader),
            Scope.Attr.classLoader.name(),
            loader),
        () -> {
          CommandScope scope =
              new CommandScope(command)
                  .addArgumentValue("url", url)
                  .addArgumentValue("username", user)
                  .addArgumentValue("changelogFile", changelog);
          if (!password.isEmpty()) {
            scope.addArgumentValue("password", password);
          }
          args.forEach(scope::addArgumentValue);
          scope.execute();
        });
  }
}
