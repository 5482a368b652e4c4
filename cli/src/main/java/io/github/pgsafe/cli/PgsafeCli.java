package io.github.pgsafe.cli;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.catalog.CatalogFacts;
import io.github.pgsafe.catalog.CatalogReader;
import io.github.pgsafe.report.ExplainReport;
import io.github.pgsafe.report.ReportFormat;
import io.github.pgsafe.rules.BuiltInRules;
import io.github.pgsafe.rules.ExecutionModel;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.LintSettings;
import io.github.pgsafe.rules.Linter;
import io.github.pgsafe.rules.RuleReference;
import io.github.pgsafe.rules.SourceFile;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.SqlSyntaxException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code pgsafe} command: {@code lint}, {@code explain} and {@code docs}. {@link #run} returns
 * the exit code instead of exiting, so tests call it in-process; {@link Main} exits with it.
 */
public final class PgsafeCli {
  /** No error-level finding (lint), or the command did what was asked. */
  public static final int EXIT_OK = 0;

  /** {@code pgsafe lint} found at least one error-level finding. */
  public static final int EXIT_FINDINGS = 1;

  /** Bad usage (unknown option, bad value, missing path) or unreadable input. */
  public static final int EXIT_USAGE = 2;

  private static final List<String> LINT_OPTIONS =
      List.of("pg-version", "format", "mode", "jdbc-url", "disable");
  private static final List<String> EXPLAIN_OPTIONS = List.of("pg-version", "format");
  private static final List<String> DOCS_OPTIONS = List.of("out");
  private static final String DEFAULT_DOCS_DIR = "docs/rules";

  static final String USAGE =
      """
      Usage: pgsafe <command> [options] PATH...

      Commands:
        lint     Check migration scripts for statements that block or lose data.
        explain  Show what each statement locks, what it does to each table, and
                 whether it may run in a transaction block.
        docs     Write the rule reference (one Markdown page per rule).

      pgsafe lint [--pg-version N] [--format text|json|sarif]
                  [--mode pgsafe|transaction|autocommit] [--jdbc-url URL]
                  [--disable RULE[,RULE...]] PATH...
        --pg-version N  PostgreSQL major the migrations will run on (default: the
                        server's with --jdbc-url, else 14, the oldest supported)
        --format F      text (default), json (schemaVersion 1) or sarif (2.1.0)
        --mode M        how the migration tool runs a file: pgsafe (default: one
                        transaction, non-transactional statements split out),
                        transaction (the whole file in one) or autocommit
        --jdbc-url URL  read table sizes, column types and indexes from this
                        database (jdbc:postgresql://host:port/db?user=..&password=..)
        --disable IDS   comma-separated rule ids not to run
        A directory means every *.sql file below it, in Flyway order (V1 < V1.1 <
        V2 < V10, then R__ repeatables, then other names in natural order).

      pgsafe explain [--pg-version N] [--format text|json] PATH...

      pgsafe docs [--out DIR]      (default DIR: docs/rules)

      pgsafe --help | --version

      Exit codes: 0 no error-level finding; 1 at least one (lint); 2 bad usage or
      unreadable input. Reports go to stdout, errors to stderr.
      Rules: docs/rules/README.md. Allow one statement with
        -- pgsafe:allow <rule-id> reason: <why>
      """;

  private final PrintStream out;
  private final PrintStream err;

  public PgsafeCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs one command line and returns its exit code. Never calls {@code System.exit}. */
  public int run(String... args) {
    try {
      return dispatch(Arrays.asList(args));
    } catch (UsageException e) {
      err.println("pgsafe: " + e.getMessage());
      return EXIT_USAGE;
    }
  }

  private int dispatch(List<String> args) {
    if (args.isEmpty()) {
      err.print(USAGE);
      return EXIT_USAGE;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    switch (command) {
      case "--help", "-h", "help" -> {
        out.print(USAGE);
        return EXIT_OK;
      }
      case "--version", "-V", "version" -> {
        out.println("pgsafe " + version());
        return EXIT_OK;
      }
      default -> {
        // a command follows
      }
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(USAGE);
      return EXIT_OK;
    }
    return switch (command) {
      case "lint" -> lint(Arguments.parse(command, rest, LINT_OPTIONS));
      case "explain" -> explain(Arguments.parse(command, rest, EXPLAIN_OPTIONS));
      case "docs" -> docs(Arguments.parse(command, rest, DOCS_OPTIONS));
      default ->
          throw new UsageException(
              "unknown command '"
                  + command
                  + "'; use lint, explain or docs (pgsafe --help lists them)");
    };
  }

  private int lint(Arguments args) {
    ReportFormat format =
        parse("format", args.option("format").orElse("text"), ReportFormat::parse);
    ExecutionModel model =
        parse(
            "mode",
            args.option("mode").orElse(LintSettings.DEFAULT_EXECUTION_MODEL.label()),
            ExecutionModel::parse);
    Set<String> disabled = disabledRules(args.option("disable"));
    Optional<PgVersion> requested = args.option("pg-version").map(PgsafeCli::pgVersion);
    List<SourceFile> files = MigrationFiles.read(args.operands());
    Optional<CatalogFacts> catalog = args.option("jdbc-url").map(PgsafeCli::readCatalog);
    PgVersion version =
        requested.orElseGet(
            () ->
                catalog
                    .map(facts -> PgVersion.fromServerVersionNum(facts.serverVersionNum()))
                    .orElse(PgVersion.DEFAULT));
    if (requested.isPresent() && catalog.isPresent()) {
      PgVersion server = PgVersion.fromServerVersionNum(catalog.get().serverVersionNum());
      if (!server.equals(version)) {
        err.println(
            "pgsafe: note: linting for "
                + version
                + " (--pg-version), but the database at --jdbc-url runs "
                + server);
      }
    }
    LintSettings settings =
        new LintSettings(version, model, disabled, LintSettings.DEFAULT_SMALL_TABLE_BYTES);
    LintResult result = new Linter(settings, catalog).lint(files);
    format.write(result, out);
    return result.passes() ? EXIT_OK : EXIT_FINDINGS;
  }

  private int explain(Arguments args) {
    String format = args.option("format").orElse("text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("unknown explain format '" + format + "'; use text or json");
    }
    PgVersion version =
        args.option("pg-version").map(PgsafeCli::pgVersion).orElse(PgVersion.DEFAULT);
    Analyzer analyzer = Analyzer.forVersion(version);
    List<ExplainReport.Script> scripts = new ArrayList<>();
    for (SourceFile file : MigrationFiles.read(args.operands())) {
      try {
        scripts.add(
            new ExplainReport.Script(file.name(), analyzer.analyze(Splitter.split(file.text()))));
      } catch (SqlSyntaxException e) {
        throw new UsageException(
            "cannot explain " + file.name() + ": " + e.getMessage() + " (see pgsafe lint)", e);
      }
    }
    writeReport(format.equals("json") ? ExplainReport.json(scripts) : ExplainReport.text(scripts));
    return EXIT_OK;
  }

  private int docs(Arguments args) {
    if (!args.operands().isEmpty()) {
      throw new UsageException(
          "pgsafe docs takes no PATH; use --out DIR (got " + args.operands() + ")");
    }
    Path dir = Path.of(args.option("out").orElse(DEFAULT_DOCS_DIR));
    Map<String, String> pages = RuleReference.pages();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Files.writeString(dir.resolve(page.getKey()), page.getValue());
      }
    } catch (IOException e) {
      throw new UsageException("cannot write the rule reference to " + dir + ": " + e, e);
    }
    out.println("wrote " + pages.size() + " pages to " + dir);
    return EXIT_OK;
  }

  /**
   * Writes a report as UTF-8 whatever the platform's encoding, as {@link ReportFormat#write} does:
   * under a POSIX locale printing would turn every non-ASCII identifier into '?'.
   */
  private void writeReport(String report) {
    byte[] bytes = report.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.flush();
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(String option, String value, Parser<T> parser) {
    try {
      return parser.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--" + option + ": " + e.getMessage(), e);
    }
  }

  /** {@code 15} or {@code 15.4}: only the major counts. */
  static PgVersion pgVersion(String text) {
    String major = text.strip();
    int dot = major.indexOf('.');
    if (dot >= 0) {
      major = major.substring(0, dot);
    }
    try {
      return PgVersion.of(Integer.parseInt(major));
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--pg-version '" + text + "' is not a PostgreSQL major version; use e.g. 14 or 17", e);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--pg-version: " + e.getMessage(), e);
    }
  }

  private static Set<String> disabledRules(Optional<String> list) {
    Set<String> ids = new LinkedHashSet<>();
    if (list.isEmpty()) {
      return ids;
    }
    for (String id : list.get().split(",", -1)) {
      String rule = id.strip();
      if (rule.isEmpty()) {
        throw new UsageException("--disable '" + list.get() + "' has an empty rule id");
      }
      if (BuiltInRules.doc(rule).isEmpty()) {
        throw new UsageException(
            "--disable: unknown rule '" + rule + "'; known rules: " + BuiltInRules.ids());
      }
      ids.add(rule);
    }
    return ids;
  }

  private static CatalogFacts readCatalog(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UsageException(
          "--jdbc-url must start with jdbc:postgresql: (got " + JdbcUrls.masked(url) + ")");
    }
    try (Connection connection = DriverManager.getConnection(url)) {
      connection.setReadOnly(true);
      return CatalogReader.read(connection);
    } catch (SQLException e) {
      throw new UsageException(
          "cannot read the catalog of "
              + JdbcUrls.masked(url)
              + ": "
              + e.getMessage()
              + " (SQLSTATE "
              + e.getSQLState()
              + "). Nothing was linted.",
          e);
    }
  }

  static String version() {
    String version = PgsafeCli.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
