package io.github.pgsafe.samples.flyway;

import io.github.pgsafe.flyway.PgsafeCallback;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The sample's two Flyway setups over the same schema ({@code db/schema}, V1): the pgsafe
 * migrations ({@code db/migration}) with {@link PgsafeCallback}, and the naive ones ({@code
 * db/naive}) on plain Flyway, as a project without pgsafe would run them.
 */
public final class FlywayOrders {
  /** The version of the schema migration (V1), shared by both sets. */
  public static final String SCHEMA = "1";

  private FlywayOrders() {}

  /** The pgsafe migrations up to {@code target} ("latest" for all). */
  public static Flyway pgsafe(String url, String user, String password, String target) {
    return base(url, user, password, target)
        .locations("classpath:db/schema", "classpath:db/migration")
        .callbacks(new PgsafeCallback())
        // CREATE INDEX CONCURRENTLY cannot run while Flyway holds its lock in a transaction.
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
        .load();
  }

  /** The naive migrations up to {@code target}, on Flyway's defaults and without pgsafe. */
  public static Flyway naive(String url, String user, String password, String target) {
    return base(url, user, password, target)
        .locations("classpath:db/schema", "classpath:db/naive")
        .load();
  }

  /**
   * Naive migrations, but judged by pgsafe: what a project sees when it adds pgsafe-flyway and
   * keeps its old scripts. pgsafe refuses them before anything runs.
   */
  public static Flyway naiveWithPgsafe(String url, String user, String password) {
    return base(url, user, password, "latest")
        .locations("classpath:db/schema", "classpath:db/naive")
        .callbacks(new PgsafeCallback())
        .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
        .load();
  }

  private static FluentConfiguration base(String url, String user, String password, String target) {
    return Flyway.configure().dataSource(url, user, password).target(target);
  }
}
