package io.github.pgsafe.samples.demo;

import io.github.pgsafe.samples.flyway.FlywayOrders;
import io.github.pgsafe.samples.liquibase.LiquibaseOrders;
import java.time.Duration;
import java.util.List;

/**
 * The steps of one run: a sample's migrations one at a time (Flyway {@code target}, Liquibase
 * {@code updateCount 1}), with the application's deployments between them. The naive and the pgsafe
 * plans use the same keys, so the report lines them up.
 */
record Plan(String tool, String variant, Step.Action prelude, List<Step> steps) {
  static final String NAIVE = "naive";
  static final String PGSAFE = "pgsafe";

  /** The new application version rolls out this long after the migration before it. */
  static final Duration DEPLOY = Duration.ofSeconds(1);

  static Plan flyway(String variant, Database db, AppVersion app) {
    boolean safe = variant.equals(PGSAFE);
    Step.Action nothing = () -> {};
    return new Plan(
        "Flyway",
        variant,
        nothing,
        steps(
            safe,
            app,
            // Step i applies version V(i + 2); V1 is the seeded schema.
            i ->
                () -> {
                  String version = String.valueOf(i + 2);
                  if (safe) {
                    FlywayOrders.pgsafe(db.jdbcUrl(), db.user(), db.password(), version).migrate();
                  } else {
                    FlywayOrders.naive(db.jdbcUrl(), db.user(), db.password(), version).migrate();
                  }
                }));
  }

  static Plan liquibase(String variant, Database db, AppVersion app, PlainLiquibase plain) {
    boolean safe = variant.equals(PGSAFE);
    String changelog = safe ? LiquibaseOrders.PGSAFE : LiquibaseOrders.NAIVE;
    Step.Action next =
        () -> {
          if (safe) {
            LiquibaseOrders.updateCount(db.jdbcUrl(), db.user(), db.password(), changelog, 1);
          } else {
            plain.updateCount(db, changelog, 1);
          }
        };
    // The schema changeset exists already on the seeded copy: Liquibase only marks it as run.
    return new Plan("Liquibase", variant, next, steps(safe, app, i -> next));
  }

  /** The action that applies the {@code i}-th migration (0-based) of a sample. */
  private interface Migrations {
    Step.Action upTo(int i);
  }

  private static List<Step> steps(boolean safe, AppVersion app, Migrations migrate) {
    Step.Action addColumn = migrate.upTo(0);
    Step.Action deploy =
        () -> {
          Thread.sleep(DEPLOY.toMillis());
          app.switchToDisplayName();
        };
    Step add =
        new Step(
            "add",
            "add orders.user_email",
            () -> {
              addColumn.run();
              app.startWritingUserEmail();
            });
    Step backfill =
        new Step(
            "backfill",
            safe ? "backfill user_email in batches" : "backfill user_email (one UPDATE)",
            migrate.upTo(1));
    Step notNull =
        new Step(
            "not-null",
            safe ? "user_email NOT NULL via CHECK" : "user_email SET NOT NULL",
            migrate.upTo(2));
    Step index =
        new Step(
            "index",
            safe ? "index orders(user_id) CONCURRENTLY" : "index orders(user_id)",
            migrate.upTo(3));
    Step rename =
        new Step("rename", safe ? "rename name: expand" : "RENAME COLUMN name", migrate.upTo(4));
    Step deployApp = new Step("deploy", "deploy app using display_name", deploy);
    if (!safe) {
      return List.of(add, backfill, notNull, index, rename, deployApp);
    }
    Step contract = new Step("contract", "rename name: contract", migrate.upTo(5));
    return List.of(add, backfill, notNull, index, rename, deployApp, contract);
  }
}
