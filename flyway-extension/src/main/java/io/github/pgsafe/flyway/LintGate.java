package io.github.pgsafe.flyway;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.catalog.CatalogFacts;
import io.github.pgsafe.catalog.CatalogReader;
import io.github.pgsafe.report.ReportFormat;
import io.github.pgsafe.rules.ExecutionModel;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.LintSettings;
import io.github.pgsafe.rules.Linter;
import io.github.pgsafe.rules.SourceFile;
import io.github.pgsafe.sql.SqlSyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before {@code migrate} applies anything: every pending SQL migration is linted with pgsafe's
 * rules (execution model {@link ExecutionModel#PGSAFE}, catalog facts from the target database),
 * and error-level findings stop the run with one report. Applied migrations are never linted again.
 * It also refuses to start when a pending migration has a statement that cannot run in a
 * transaction while {@code flyway.postgresql.transactional.lock} is true, because Flyway would then
 * wait forever.
 */
final class LintGate {
  private static final Logger LOG = LoggerFactory.getLogger(LintGate.class);

  private final FlywaySettings settings;

  LintGate(FlywaySettings settings) {
    this.settings = settings;
  }

  void check(Context context) {
    long start = System.nanoTime();
    Configuration configuration = context.getConfiguration();
    List<SourceFile> files = pendingSqlFiles(configuration);
    long listed = System.nanoTime();
    if (files.isEmpty()) {
      return;
    }
    Connection connection = context.getConnection();
    PgVersion version;
    Optional<CatalogFacts> catalog;
    try {
      version = PgVersion.of(connection.getMetaData().getDatabaseMajorVersion());
      catalog = Optional.of(CatalogReader.read(connection));
    } catch (SQLException e) {
      throw new FlywayException("pgsafe could not read the catalog: " + e.getMessage(), e);
    }
    requireSingleConnectionFor(files, version, configuration);
    LintSettings lint = LintSettings.defaults(version).withExecutionModel(ExecutionModel.PGSAFE);
    LintResult result = new Linter(lint, catalog).lint(files);
    if (result.findings().isEmpty()) {
      LOG.info(
          "pgsafe: {} pending SQL migration(s) checked in {} ms ({} ms listing them); no findings",
          files.size(),
          (System.nanoTime() - start) / 1_000_000,
          (listed - start) / 1_000_000);
      return;
    }
    String report = ReportFormat.TEXT.render(result);
    if (result.passes()) {
      LOG.warn("pgsafe: findings in pending migrations (none stops the run):\n{}", report);
      return;
    }
    if (!settings.failOnUnsafe()) {
      LOG.warn(
          "pgsafe: unsafe pending migrations; running them anyway because failOnUnsafe=false:\n{}",
          report);
      return;
    }
    throw new FlywayException(
        "pgsafe stopped migrate before anything was applied: "
            + result.findings().size()
            + " finding(s) in "
            + files.size()
            + " pending SQL migration(s), errors among them.\n"
            + report
            + "\nFix the migrations as shown, allow a statement with"
            + " -- pgsafe:allow <rule> reason: <why>, or turn the refusal into warnings with"
            + " flyway.pgsafe.failOnUnsafe=false (Spring Boot: pgsafe.fail-on-unsafe=false).");
  }

  private void requireSingleConnectionFor(
      List<SourceFile> files, PgVersion version, Configuration configuration) {
    if (!transactionalLock(configuration)) {
      return;
    }
    Analyzer analyzer = Analyzer.forVersion(version);
    for (SourceFile file : files) {
      List<Operation> operations;
      try {
        operations = analyzer.analyzeScript(file.text());
      } catch (SqlSyntaxException e) {
        continue; // the linter reports it
      }
      for (Operation operation : operations) {
        if (operation.reachesServer() && !operation.transactionBlock().allowsTransactionBlock()) {
          throw new FlywayException(
              "pgsafe stopped before "
                  + file.name()
                  + ": line "
                  + operation.line()
                  + " ("
                  + operation.kind().keywords()
                  + ") cannot run while flyway.postgresql.transactional.lock is true, because"
                  + " Flyway would wait forever. Nothing was applied. Set"
                  + " flyway.postgresql.transactional.lock=false (env"
                  + " FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK=false, Spring Boot"
                  + " spring.flyway.postgresql.transactional-lock=false) and run again.");
        }
      }
    }
  }

  /** Whether Flyway holds its lock in a transaction, in which CREATE INDEX CONCURRENTLY hangs. */
  // getPlugin(Class) is deprecated in 11.13+, but the only lookup present in Flyway 10 to 13.
  @SuppressWarnings("deprecation")
  static boolean transactionalLock(Configuration configuration) {
    try {
      PostgreSQLConfigurationExtension postgres =
          configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class);
      return postgres == null || postgres.isTransactionalLock();
    } catch (LinkageError e) {
      return true; // flyway-database-postgresql absent: Flyway's default
    }
  }

  /** The pending SQL migrations, with placeholders replaced as Flyway would. */
  private static List<SourceFile> pendingSqlFiles(Configuration configuration) {
    MigrationInfo[] pending =
        Flyway.configure(configuration.getClassLoader())
            .configuration(configuration)
            .load()
            .info()
            .pending();
    List<SourceFile> files = new ArrayList<>();
    for (MigrationInfo info : pending) {
      Optional<String> text = ScriptSources.read(configuration, info);
      text.ifPresent(t -> files.add(new SourceFile(info.getScript(), t)));
    }
    return files;
  }
}
