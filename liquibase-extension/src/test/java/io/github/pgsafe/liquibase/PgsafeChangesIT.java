package io.github.pgsafe.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every pgsafe change type in XML, YAML and JSON: update-sql, update, status, rollback. */
class PgsafeChangesIT {

  @Test
  void runsOnTheLiquibaseVersionOfThisExecution() {
    Lb.assertVersionOfThisExecution();
  }

  @ParameterizedTest
  @ValueSource(strings = {"xml", "yaml", "json"})
  void appliesPrintsAndRollsBackEveryChangeType(String format) throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Lb lb = new Lb(db);
      String changelog = "changelogs/all-changes." + format;

      String sql = lb.run("updateSql", changelog);
      assertThat(sql)
          .contains("-- pgsafe concurrentIndex: index orders_tmp_idx on orders (status)")
          .contains("CREATE INDEX CONCURRENTLY \"orders_open_idx\" ON \"orders\" USING \"btree\"")
          .contains("-- pgsafe batchedBackfill: orders SET status = 'closed' WHERE status IS NULL")
          .contains("NOT VALID")
          .contains("-- pgsafe safeRename: expand of the rename orders.note -> remark")
          .contains("ALTER TABLE \"orders\" ADD COLUMN \"remark\" <type of note>")
          .contains("-- pgsafe safeTypeChange: contract of the type change orders.amount -> bigint")
          .contains("RENAME COLUMN \"amount_new\" TO \"amount\"");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'orders'")).isZero();

      lb.run("update", changelog);
      assertThat(count(c, "SELECT count(*) FROM orders WHERE status IS NULL")).isZero();
      assertThat(count(c, "SELECT count(*) FROM orders WHERE status = 'closed'")).isEqualTo(1334);
      assertThat(column(c, "orders", "remark")).isEqualTo("text");
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders'"
                      + " AND column_name = 'remark' AND is_nullable = 'NO'"
                      + " AND column_default = '''none''::text'"))
          .isEqualTo(1);
      assertThat(column(c, "orders", "note")).isNull();
      assertThat(column(c, "orders", "amount")).isEqualTo("bigint");
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                      + " AND attname = 'status' AND attnotnull"))
          .isEqualTo(1);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_constraint WHERE convalidated AND conname IN"
                      + " ('orders_amount_positive', 'orders_customer_fk', 'customers_email_key')"))
          .isEqualTo(3);
      assertThat(validIndexes(c)).isEqualTo(3 + 2); // two pkeys, the email key, two new indexes
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'orders_tmp_idx'"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")).isZero();

      String status = lb.run("status", changelog, Map.of("verbose", true));
      assertThat(status).contains("is up to date");

      lb.run("rollbackCount", changelog, Map.of("count", 6));
      assertThat(validIndexes(c)).isEqualTo(2);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_constraint WHERE contype IN ('c', 'f', 'u') AND conrelid"
                      + " IN ('orders'::regclass, 'customers'::regclass)"))
          .isZero();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                      + " AND attname = 'status' AND attnotnull"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isEqualTo(8);
    }
  }

  @Test
  void resumesAnInterruptedBackfillWhenTheChangesetRunsAgain() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      Lb lb = new Lb(db);
      Exception e =
          assertThrows(Exception.class, () -> lb.run("update", "changelogs/backfill-resume.yaml"));
      assertThat(messages(e)).contains("division by zero");
      long done = count(c, "SELECT count(*) FROM counters WHERE hits = 1");
      assertThat(done).isBetween(100L, 999L);
      assertThat(
              count(
                  c,
                  "SELECT rows_done FROM pgsafe_backfill WHERE name ="
                      + " 'liquibase:changelogs/backfill-resume.yaml::count-once::test'"))
          .isEqualTo(done);

      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO gate VALUES (true)");
      }
      lb.run("update", "changelogs/backfill-resume.yaml");
      assertThat(count(c, "SELECT count(*) FROM counters WHERE hits = 1")).isEqualTo(2000);
      assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isEqualTo(2);
    }
  }

  @Test
  void refusesBadAttributesBeforeAnythingRuns() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status text)");
        st.execute("CREATE TABLE customers (id bigint PRIMARY KEY)");
      }
      Exception e =
          assertThrows(
              Exception.class, () -> new Lb(db).run("update", "changelogs/bad-attributes.yaml"));
      assertThat(messages(e))
          .contains("columns is required for concurrentIndex on postgresql")
          .contains("batchedBackfill: batchSize is 0; it must be 1 to 1000000.")
          .contains("safeRename: phase is 'sideways'; it must be expand, contract or abort.")
          .contains(
              "safeForeignKey: baseColumnNames has 2 columns but referencedColumnNames has 1.")
          .contains("safeNotNull on orders requires runInTransaction=\"false\" on its changeSet")
          .contains("safeCheck: table missing_table does not exist in the search_path.")
          .contains("safeNotNull: column nope does not exist in orders.");
      assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'other'")).isZero();
    }
  }

  @Test
  void rejectsAMisspeltXmlAttributeAtParseTime() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase()) {
      Exception e =
          assertThrows(
              Exception.class, () -> new Lb(db).run("validate", "changelogs/misspelt.xml"));
      assertThat(messages(e)).contains("cvc-complex-type.3.2.2").contains("colums");
    }
  }

  static String messages(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(t.getMessage()).append('\n');
    }
    return out.toString();
  }

  static long count(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long validIndexes(Connection c) throws Exception {
    return count(
        c,
        "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE i.indisvalid"
            + " AND t.relname IN ('orders', 'customers')");
  }

  private static String column(Connection c, String table, String column) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                    + table
                    + "'::regclass AND attname = '"
                    + column
                    + "' AND NOT attisdropped")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
