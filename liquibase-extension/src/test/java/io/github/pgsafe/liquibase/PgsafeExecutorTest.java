package io.github.pgsafe.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements get longStatementTimeout instead of statementTimeout. */
class PgsafeExecutorTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)",
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive",
        "REINDEX INDEX CONCURRENTLY orders_status_idx"
      })
  void givesTheLongTimeoutToStatementsThatBlockNoOne(String sql) {
    assertThat(PgsafeExecutor.runsLong(sql)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO orders (id) SELECT g FROM generate_series(1, 10) g",
        "UPDATE orders SET status = 'open'",
        "SELECT count(*) FROM orders",
        "ALTER TABLE orders ADD COLUMN note text",
        "CREATE INDEX orders_status_idx ON orders (status)",
        "something pgsafe does not recognise"
      })
  void keepsTheShortTimeoutForEverythingElse(String sql) {
    assertThat(PgsafeExecutor.runsLong(sql)).isFalse();
  }
}
