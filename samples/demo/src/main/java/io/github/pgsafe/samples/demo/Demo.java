package io.github.pgsafe.samples.demo;

import io.github.pgsafe.testkit.PostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The zero-downtime demo: seeds a production-sized {@code orders}/{@code users} database, then for
 * each sample (Flyway, Liquibase) runs the naive and the pgsafe migrations, each on a fresh copy
 * while a simulated application works, and reports what the application saw (markdown and PNG).
 *
 * <pre>
 * ./demo [--orders 1000000] ...        (./mvnw -q -pl samples/demo -am -Pdemo process-classes)
 * </pre>
 */
public final class Demo {
  /** Held so the level set on it is not lost when the logger is collected. */
  private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

  private final DemoOptions options;

  /** Server, time and machine load before and after the runs, for the report's header. */
  private String environment = "";

  Demo(DemoOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    quietLiquibase();
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Demo demo = new Demo(options);
    String report = demo.writeReport(demo.run());
    System.out.println();
    System.out.println(report);
    System.out.println("Report and charts: " + options.outDir().toAbsolutePath());
  }

  /**
   * Liquibase logs every changeset at INFO through java.util.logging; the report is what counts.
   */
  static void quietLiquibase() {
    LIQUIBASE_LOG.setLevel(Level.WARNING);
    if (System.getProperty("liquibase.logLevel") == null) {
      System.setProperty("liquibase.logLevel", "WARNING");
    }
  }

  /** Every run, in order: per tool, naive then pgsafe. */
  List<RunResult> run() throws Exception {
    // PGSAFE_JDBC_URL / --jdbc-url: the testkit then creates its databases on that server.
    options.jdbcUrl().ifPresent(url -> System.setProperty("pgsafe.test.jdbc.url", url));
    PostgresServer server = PostgresServer.shared();
    if (server.majorVersion() < 14) {
      throw new IllegalStateException(
          "the demo's lock monitor needs pg_locks.waitstart (PostgreSQL 14+); this server is "
              + server.majorVersion());
    }
    environment = environment(server, "before");
    List<RunResult> results = new ArrayList<>();
    try (TemplateCopies copies = new TemplateCopies(server);
        PlainLiquibase plainLiquibase = new PlainLiquibase()) {
      long seedStart = System.nanoTime();
      System.out.printf(
          Locale.ROOT, "seeding %,d users and %,d orders...%n", options.users(), options.orders());
      Seeder.seed(copies.template(), options.users(), options.orders());
      System.out.printf(Locale.ROOT, "seeded in %.1f s%n", (System.nanoTime() - seedStart) / 1e9);
      for (String tool : options.tools()) {
        for (String variant : List.of(Plan.NAIVE, Plan.PGSAFE)) {
          Database db = copies.copy();
          AppVersion app = new AppVersion();
          Plan plan =
              tool.equals(DemoOptions.FLYWAY)
                  ? Plan.flyway(variant, db, app)
                  : Plan.liquibase(variant, db, app, plainLiquibase);
          try {
            results.add(new DemoRun(options).run(db, plan, app));
          } finally {
            copies.drop(db);
          }
        }
      }
    }
    environment += " " + environment(server, "after");
    return results;
  }

  private static String environment(PostgresServer server, String when) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(
        Locale.ROOT,
        "%s: %s, PostgreSQL %d (%s), %d cores, load average %.2f.",
        when,
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        server.serverVersionNum(),
        server.source(),
        Runtime.getRuntime().availableProcessors(),
        load);
  }

  /** Writes the markdown report and the charts into the output folder; returns the markdown. */
  String writeReport(List<RunResult> results) throws Exception {
    Path out = options.outDir();
    Files.createDirectories(out);
    Report.ChartNames charts = tool -> "demo-" + tool.toLowerCase(Locale.ROOT) + ".png";
    for (String tool : results.stream().map(RunResult::tool).distinct().toList()) {
      LatencyChart.write(
          tool,
          results.stream().filter(r -> r.tool().equals(tool)).toList(),
          out.resolve(charts.fileName(tool)));
    }
    String markdown = Report.markdown(options, environment, results, charts);
    Files.writeString(out.resolve("demo-report.md"), markdown);
    return markdown;
  }
}
