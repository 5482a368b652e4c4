package io.github.pgsafe.samples.demo;

import io.github.pgsafe.samples.flyway.FlywayOrders;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Builds the production-sized template every run copies: the samples' schema (the Flyway sample's
 * V1, applied with Flyway) and the data recipe of postgres-facts §5 and latency-baseline §1 (every
 * order has a user; ids are dense, so the application can hit random existing rows).
 */
final class Seeder {
  private Seeder() {}

  static void seed(Database template, long users, long orders) throws SQLException {
    FlywayOrders.pgsafe(
            template.jdbcUrl(), template.user(), template.password(), FlywayOrders.SCHEMA)
        .migrate();
    try (Connection c = template.connect("pgsafe-demo-seeder");
        Statement st = c.createStatement()) {
      st.execute(
          String.format(
              Locale.ROOT,
              "INSERT INTO users SELECT g, 'User ' || g, 'user' || g || '@example.com'"
                  + " FROM generate_series(1, %d) g",
              users));
      st.execute(
          String.format(
              Locale.ROOT,
              "INSERT INTO orders (id, user_id, amount, status, created_at)"
                  + " SELECT g, 1 + (g * 7919) %% %d, (g * 37) %% 10000,"
                  + " (ARRAY['new', 'paid', 'shipped', 'cancelled'])[1 + g %% 4],"
                  + " timestamptz '2024-01-01' + g * interval '10 seconds'"
                  + " FROM generate_series(1::bigint, %d) g",
              users,
              orders));
      st.execute("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))");
      st.execute("VACUUM ANALYZE users");
      st.execute("VACUUM ANALYZE orders");
    }
  }
}
