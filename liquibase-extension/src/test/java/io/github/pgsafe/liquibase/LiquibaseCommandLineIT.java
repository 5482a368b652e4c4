package io.github.pgsafe.liquibase;

import static io.github.pgsafe.liquibase.PgsafeChangesIT.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.testkit.PostgresServer;
import io.github.pgsafe.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Liquibase command line itself ({@code LiquibaseCommandLine}, the main class behind the {@code
 * liquibase} script) in a JVM of its own, with pgsafe-liquibase and pgJDBC on its classpath, a
 * liquibase.properties in its working directory, and pgsafe settings from every source Liquibase
 * reads.
 */
class LiquibaseCommandLineIT {
  private static final String MAIN = "liquibase.integration.commandline.LiquibaseCommandLine";

  @TempDir Path project;

  private ChildJvm liquibase() {
    // No anonymous usage report from a test run.
    return new ChildJvm(MAIN).environment("LIQUIBASE_ANALYTICS_ENABLED", "false");
  }

  private void writeProject(TestDatabase db) throws IOException {
    for (String changelog : new String[] {"cli-first.yaml", "cli-second.yaml", "cli-unsafe.yaml"}) {
      try (InputStream in = getClass().getResourceAsStream("/cli/" + changelog)) {
        Files.copy(in, project.resolve(changelog));
      }
    }
    Files.writeString(
        project.resolve("liquibase.properties"),
        "url: "
            + db.jdbcUrl()
            + "\nusername: "
            + db.user()
            + "\nliquibase.pgsafe.lockTimeout: 70ms\nliquibase.pgsafe.statementTimeout: 9s\n");
  }

  @Test
  void updateSqlPrintsThePlanAndRunsNoBatch() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      writeProject(db);
      ChildJvm.Result result =
          liquibase().run(project, "update-sql", "--changelog-file=cli-first.yaml");

      assertThat(result.exitCode()).as("%s", result).isZero();
      assertThat(result.output())
          .contains("Liquibase Version: " + LiquibaseUtil.getBuildVersion())
          .contains(
              "-- pgsafe batchedBackfill: items SET label = 'item-' || id WHERE label IS NULL")
          .contains("CREATE TABLE IF NOT EXISTS pgsafe_backfill")
          .contains("UPDATE \"items\" SET label = 'item-' || id WHERE");
      assertThat(
              count(
                  c, "SELECT count(*) FROM pg_class WHERE relname IN ('items', 'pgsafe_backfill')"))
          .isZero();
    }
  }

  @Test
  void updateTakesPgsafeSettingsFromPropertiesEnvironmentSystemPropertiesAndGlobalOptions()
      throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      writeProject(db);
      ChildJvm.Result first =
          liquibase()
              .environment("LIQUIBASE_PGSAFE_STATEMENT_TIMEOUT", "8s")
              .run(project, "update", "--changelog-file=cli-first.yaml");
      assertThat(first.exitCode()).as("%s", first).isZero();

      ChildJvm.Result second =
          liquibase()
              .environment("LIQUIBASE_PGSAFE_STATEMENT_TIMEOUT", "8s")
              .systemProperty("liquibase.pgsafe.lockTimeout", "60ms")
              .run(
                  project,
                  "--pgsafe-statement-timeout=7s",
                  "update",
                  "--changelog-file=cli-second.yaml");
      assertThat(second.exitCode()).as("%s", second).isZero();

      // liquibase.properties < LIQUIBASE_PGSAFE_* < -Dliquibase.pgsafe.* < --pgsafe-* option
      assertThat(seen(c, "first")).isEqualTo("70ms 8s");
      assertThat(seen(c, "second")).isEqualTo("60ms 7s");
      assertThat(count(c, "SELECT count(*) FROM items WHERE label = 'item-' || id"))
          .isEqualTo(5000);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pgsafe_backfill WHERE status = 'done' AND name ="
                      + " 'liquibase:cli-first.yaml::label-backfill::cli'"))
          .isEqualTo(1);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_index WHERE indisvalid"
                      + " AND indexrelid = 'items_label_idx'::regclass"))
          .isEqualTo(1);
    }
  }

  /**
   * The distribution's way: the launcher (the {@code liquibase} script's main class), jars in lib.
   */
  @Test
  void updateWorksWithTheJarsInTheLibFolderOfLiquibaseHome(@TempDir Path home) throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      writeProject(db);
      Path core = LiquibaseHome.create(home);
      ChildJvm.Result result =
          new ChildJvm("liquibase.integration.commandline.LiquibaseLauncher")
              .classpath(core.toString())
              .environment("LIQUIBASE_HOME", home.toString())
              .environment("LIQUIBASE_ANALYTICS_ENABLED", "false")
              .run(project, "update", "--changelog-file=cli-first.yaml");

      assertThat(result.exitCode()).as("%s", result).isZero();
      assertThat(seen(c, "first")).isEqualTo("70ms 9s");
      assertThat(count(c, "SELECT count(*) FROM items WHERE label = 'item-' || id"))
          .isEqualTo(5000);
    }
  }

  @Test
  void refusesAnUnsafeChangesetAndAppliesNothing() throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase();
        Connection c = db.connect()) {
      writeProject(db);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE items (id bigint PRIMARY KEY, label text)");
      }
      ChildJvm.Result result =
          liquibase().run(project, "update", "--changelog-file=cli-unsafe.yaml");

      assertThat(result.exitCode()).as("%s", result).isNotZero();
      assertThat(result.output())
          .contains(
              "[pgsafe] require-concurrent-index-creation in changeset"
                  + " cli-unsafe.yaml::blocking-index::cli (createIndex)")
          .contains("Use instead: pgsafe:concurrentIndex.");
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM pg_class WHERE relname IN ('harmless', 'items_id_label_idx')"))
          .isZero();
      assertThat(count(c, "SELECT count(*) FROM databasechangelog")).isZero();
    }
  }

  /** lock_timeout and statement_timeout as the changeset saw them, recorded in seen_{run}. */
  private static String seen(Connection c, String run) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT lock_timeout || ' ' || statement_timeout FROM seen_" + run)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
