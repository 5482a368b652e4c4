package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.testsupport.ScratchDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConstraintOperationsIT {
  private static final TableName ORDERS = TableName.of("orders");
  private static ScratchDatabase db;
  private static LockRetry retry;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = ScratchDatabase.create(ConstraintOperationsIT.class);
    retry = LockRetry.create(PgsafeSettings.defaults(), db.connections());
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void freshTables() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS orders, customers;"
            + " CREATE TABLE customers (id bigint PRIMARY KEY);"
            + " INSERT INTO customers SELECT generate_series(1, 10);"
            + " CREATE TABLE orders (id bigint, customer_id bigint, amount int, note text);"
            + " INSERT INTO orders SELECT g, 1 + g % 10, g, 'n' FROM generate_series(1, 1000) g");
  }

  private static String constraint(String name) throws SQLException {
    return db.queryString(
        "SELECT contype::text || ':' || convalidated FROM pg_constraint WHERE conname = '"
            + name
            + "'");
  }

  @Test
  void keepsTheConstraintNotValidWhenValidationFindsBadRowsAndValidatesOnRerun() throws Exception {
    db.execute("UPDATE orders SET customer_id = 99 WHERE id = 5");
    Constraint fk =
        Constraint.foreignKey(
            ORDERS,
            "orders_customer_fkey",
            List.of("customer_id"),
            TableName.of("customers"),
            List.of("id"),
            retry);
    try (Connection c = db.connect()) {
      PgsafeException e = assertThrows(PgsafeException.class, () -> fk.run(c));
      assertThat(e.getMessage())
          .contains("violates foreign key constraint \"orders_customer_fkey\"")
          .endsWith(
              "Its transaction was rolled back; nothing of it was applied. The constraint"
                  + " orders_customer_fkey stays in place as NOT VALID: it checks new and changed"
                  + " rows. Fix the rows that break it and run again; pgsafe then only"
                  + " validates.");
      assertThat(constraint("orders_customer_fkey")).isEqualTo("f:false");
      db.execute("UPDATE orders SET customer_id = 1 WHERE id = 5");
      fk.run(c);
      assertThat(constraint("orders_customer_fkey")).isEqualTo("f:true");
      fk.run(c);
    }
  }

  @Test
  void addsACheckConstraint() throws Exception {
    try (Connection c = db.connect()) {
      Constraint.check(ORDERS, "orders_amount_positive", "amount > 0", retry).run(c);
    }
    assertThat(constraint("orders_amount_positive")).isEqualTo("c:true");
  }

  @Test
  void setsNotNullAfterNullsAreFilledAndDropsItsHelperCheck() throws Exception {
    db.execute("UPDATE orders SET note = NULL WHERE id = 3");
    SafeNotNull notNull = SafeNotNull.of(ORDERS, "note", retry);
    try (Connection c = db.connect()) {
      PgsafeException e = assertThrows(PgsafeException.class, () -> notNull.run(c));
      assertThat(e.getMessage())
          .contains("is violated by some row")
          .endsWith(
              "The check orders_note_not_null stays in place as NOT VALID, so new rows must"
                  + " have note; fill in the NULLs and run again.");
      assertThat(constraint("orders_note_not_null")).isEqualTo("c:false");
      db.execute("UPDATE orders SET note = 'filled' WHERE id = 3");
      notNull.run(c);
      notNull.run(c);
    }
    assertThat(constraint("orders_note_not_null")).isNull();
    assertThat(
            db.queryString(
                "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                    + " AND attname = 'note'"))
        .isEqualTo("true");
  }

  @Test
  void refusesAForeignCheckThatHasTheHelperName() throws Exception {
    db.execute("ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note <> '')");
    try (Connection c = db.connect()) {
      PgsafeException e =
          assertThrows(PgsafeException.class, () -> SafeNotNull.of(ORDERS, "note", retry).run(c));
      assertThat(e.getMessage())
          .isEqualTo(
              "pgsafe cannot make orders.note NOT NULL: constraint orders_note_not_null exists"
                  + " but is not the check pgsafe uses (CHECK ((note <> ''::text))). Nothing was"
                  + " changed. Rename or drop that constraint and run again.");
    }
  }

  @Test
  void addsAPrimaryKeyThroughNotNullAndAConcurrentUniqueIndex() throws Exception {
    try (Connection c = db.connect()) {
      UniqueConstraint.primaryKey(ORDERS, "orders_pkey", List.of("id"), retry).run(c);
      UniqueConstraint.primaryKey(ORDERS, "orders_pkey", List.of("id"), retry).run(c);
    }
    assertThat(constraint("orders_pkey")).isEqualTo("p:true");
    assertThat(constraint("orders_id_not_null")).isNull();
  }

  @Test
  void plansSafeNotNullStepByStep() {
    assertThat(SafeNotNull.of(ORDERS, "note", retry).plan())
        .extracting(PlanStep::sql)
        .containsExactly(
            "ALTER TABLE \"orders\" ADD CONSTRAINT \"orders_note_not_null\" CHECK (\"note\" IS NOT"
                + " NULL) NOT VALID",
            "ALTER TABLE \"orders\" VALIDATE CONSTRAINT \"orders_note_not_null\"",
            "ALTER TABLE \"orders\" ALTER COLUMN \"note\" SET NOT NULL",
            "ALTER TABLE \"orders\" DROP CONSTRAINT \"orders_note_not_null\"");
    assertThat(SafeNotNull.of(ORDERS, "note", retry).plan())
        .extracting(s -> s.locks().get(0).mode())
        .containsExactly(
            LockMode.ACCESS_EXCLUSIVE,
            LockMode.SHARE_UPDATE_EXCLUSIVE,
            LockMode.ACCESS_EXCLUSIVE,
            LockMode.ACCESS_EXCLUSIVE);
  }
}
