package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.sql.Identifiers;
import io.github.pgsafe.testsupport.ScratchDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names with quotes, spaces, unicode, mixed case, reserved words, and 63 bytes. */
class HostileNamesIT {
  private static final String SCHEMA = "Sch\"ema ü";
  private static final String TABLE = "Order \"Items\"; DROP TABLE x; --";
  private static final String PARENT = "select";
  private static final String COLUMN = "Mixed Case ñ";
  private static final String REF_COLUMN = "user";

  /** 63 bytes: 30 two-byte characters and 3 ASCII. */
  private static final String LONG = "é".repeat(30) + "idx";

  private static ScratchDatabase db;
  private static LockRetry retry;

  @BeforeAll
  static void createDatabase() throws SQLException {
    db = ScratchDatabase.create(HostileNamesIT.class);
    retry = LockRetry.create(PgsafeSettings.defaults(), db.connections());
    String parent = Identifiers.quoteQualified(SCHEMA, PARENT);
    String table = Identifiers.quoteQualified(SCHEMA, TABLE);
    db.execute(
        "CREATE SCHEMA "
            + Identifiers.quote(SCHEMA)
            + "; CREATE TABLE "
            + parent
            + " ("
            + Identifiers.quote(REF_COLUMN)
            + " bigint PRIMARY KEY); INSERT INTO "
            + parent
            + " SELECT generate_series(1, 10); CREATE TABLE "
            + table
            + " (id bigint, "
            + Identifiers.quote(COLUMN)
            + " bigint); INSERT INTO "
            + table
            + " SELECT g, 1 + g % 10 FROM generate_series(1, 100) g");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void runsEveryOperationOnHostileNames() throws Exception {
    assertThat(LONG.getBytes(StandardCharsets.UTF_8)).hasSize(63);
    TableName table = TableName.of(SCHEMA, TABLE);
    TableName parent = TableName.of(SCHEMA, PARENT);
    try (Connection c = db.connect()) {
      IndexDefinition index = IndexDefinition.on(table, LONG).column(COLUMN).include("id");
      ConcurrentIndex.create(index, retry).run(c);
      ConcurrentIndex.create(index, retry).run(c);
      Constraint.foreignKey(table, "fk \"q\"", List.of(COLUMN), parent, List.of(REF_COLUMN), retry)
          .run(c);
      Constraint.check(table, "Check", Identifiers.quote(COLUMN) + " > 0", retry).run(c);
      SafeNotNull notNull = SafeNotNull.of(table, COLUMN, retry);
      assertThat(notNull.checkName().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(63);
      notNull.run(c);
      UniqueConstraint.primaryKey(table, "pk " + LONG.substring(0, 20), List.of("id"), retry)
          .run(c);
      ConcurrentIndex.reindex(TableName.of(SCHEMA, LONG), retry).run(c);
      ConcurrentIndex.drop(TableName.of(SCHEMA, LONG), retry).run(c);

      assertThat(
              names(
                  c,
                  "SELECT conname || ':' || contype::text || ':' || convalidated FROM"
                      + " pg_constraint WHERE conrelid = to_regclass(?) ORDER BY 1",
                  table.sql()))
          .containsExactly(
              "Check:c:true", "fk \"q\":f:true", "pk " + LONG.substring(0, 20) + ":p:true");
      assertThat(names(c, "SELECT relname FROM pg_class WHERE relname = ?", LONG)).isEmpty();
    }
  }

  private static List<String> names(Connection c, String sql, String param) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }
}
