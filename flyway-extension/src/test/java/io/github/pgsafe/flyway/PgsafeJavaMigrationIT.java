package io.github.pgsafe.flyway;

import static io.github.pgsafe.flyway.Db.history;
import static io.github.pgsafe.flyway.Db.messages;
import static io.github.pgsafe.flyway.Db.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgsafe.operations.IndexDefinition;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java migrations built from {@link MigrationSteps}, through Flyway against a real PostgreSQL. */
@Tag("flyway-matrix")
class PgsafeJavaMigrationIT {
  private static final TableName USERS = TableName.of("users");

  @TempDir Path dir;
  private TestDatabase db;

  /** Every kind of step, each committed on its own. */
  static final class V2__Users_email_lower extends PgsafeJavaMigration {
    @Override
    protected void migrate(MigrationSteps steps) {
      steps.execute("CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout");
      steps.execute("ALTER TABLE users ADD COLUMN email_lower text");
      steps.run(steps.backfill(USERS, "email_lower = lower(email)").where("email_lower IS NULL"));
      steps.setNotNull(USERS, "email_lower");
      steps.createIndex(IndexDefinition.on(USERS, "users_team_idx").column("team_id"));
      steps.addForeignKey(
          USERS, "users_team_fk", List.of("team_id"), TableName.of("teams"), List.of("id"));
      steps.addCheck(USERS, "users_email_lower_ck", "email_lower = lower(email_lower)");
      steps.addUnique(USERS, "users_email_lower_key", List.of("email_lower"));
      steps.expand(steps.renameColumn(USERS, "email", "email_address"));
    }
  }

  /** The contract phase of the rename, in a later migration. */
  static final class V3__Users_email_contract extends PgsafeJavaMigration {
    @Override
    protected void migrate(MigrationSteps steps) {
      steps.contract(steps.renameColumn(USERS, "email", "email_address"));
    }
  }

  /** Uses the steps but lets Flyway run it in a transaction. */
  static final class V2__In_transaction extends BaseJavaMigration {
    @Override
    public void migrate(Context context) {
      MigrationSteps.of(context).execute("CREATE TABLE never (id int)");
    }
  }

  @BeforeEach
  void database() throws Exception {
    db = PostgresServer.shared().createDatabase();
    Files.writeString(
        dir.resolve("V1__users.sql"),
        """
        CREATE TABLE teams (id bigint PRIMARY KEY);
        INSERT INTO teams SELECT g FROM generate_series(1, 10) g;
        CREATE TABLE users (id bigint PRIMARY KEY, email text, team_id bigint);
        INSERT INTO users SELECT g, 'User' || g || '@Example.org', g % 10 + 1
          FROM generate_series(1, 3000) g;
        """);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private Flyway flyway(Map<String, String> conf, JavaMigration... migrations) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), "")
        .locations("filesystem:" + dir)
        .javaMigrations(migrations)
        .callbacks(new PgsafeCallback())
        .configuration(conf)
        .load();
  }

  @Test
  void runsEveryKindOfStepWithPgsafeSettingsAndLeavesAValidSchema() throws Exception {
    Map<String, String> conf =
        Map.of(
            "flyway.postgresql.transactional.lock", "false", "flyway.pgsafe.lockTimeout", "70ms");

    flyway(conf, new V2__Users_email_lower()).migrate();

    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT lock_timeout FROM seen")).isEqualTo("70ms");
      assertThat(single(c, "SELECT count(*) FROM users WHERE email_lower = lower(email)"))
          .isEqualTo("3000");
      assertThat(
              single(
                  c,
                  "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass"
                      + " AND attname = 'email_lower'"))
          .isEqualTo("t");
      assertThat(
              single(
                  c,
                  "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_team_idx'::regclass"))
          .isEqualTo("t");
      assertThat(
              single(
                  c,
                  "SELECT string_agg(conname || ':' || contype::text || ':' || convalidated, ' '"
                      + " ORDER BY conname) FROM pg_constraint WHERE conrelid = 'users'::regclass"
                      + " AND conname LIKE 'users_%' AND conname <> 'users_pkey'"
                      // PostgreSQL 18 lists NOT NULL as constraints too; they are checked above.
                      + " AND contype <> 'n'"))
          .isEqualTo(
              "users_email_lower_ck:c:true users_email_lower_key:u:true users_team_fk:f:true");
      assertThat(history(c)).isEqualTo("1:true 2:true");
    }

    flyway(conf, new V2__Users_email_lower(), new V3__Users_email_contract()).migrate();

    try (Connection c = db.connect()) {
      assertThat(
              single(
                  c,
                  "SELECT string_agg(attname, ' ' ORDER BY attname) FROM pg_attribute"
                      + " WHERE attrelid = 'users'::regclass AND attname LIKE 'email%'"
                      + " AND NOT attisdropped"))
          .isEqualTo("email_address email_lower");
      assertThat(history(c)).isEqualTo("1:true 2:true 3:true");
    }
  }

  @Test
  void refusesToRunInsideFlywaysTransactionWithNothingRun() throws Exception {
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                flyway(
                        Map.of("flyway.postgresql.transactional.lock", "false"),
                        new V2__In_transaction())
                    .migrate());

    assertThat(messages(e)).contains("override canExecuteInTransaction() to return false");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('never') IS NULL")).isEqualTo("t");
    }
  }

  @Test
  void refusesToRunWhileFlywayHoldsItsLockInATransaction() throws Exception {
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                flyway(
                        Map.of("flyway.postgresql.transactional.lock", "true"),
                        new V2__Users_email_lower())
                    .migrate());

    assertThat(messages(e)).contains("flyway.postgresql.transactional.lock=false");
    try (Connection c = db.connect()) {
      assertThat(single(c, "SELECT to_regclass('seen') IS NULL")).isEqualTo("t");
    }
  }
}
