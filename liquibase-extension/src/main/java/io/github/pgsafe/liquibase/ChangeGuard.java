package io.github.pgsafe.liquibase;

import io.github.pgsafe.analysis.Analyzer;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.PgVersion;
import io.github.pgsafe.liquibase.change.ConcurrentIndexChange;
import io.github.pgsafe.liquibase.change.ExpandContractChange;
import io.github.pgsafe.liquibase.change.PgsafeChange;
import io.github.pgsafe.liquibase.change.SafeRenameChange;
import io.github.pgsafe.rules.ExecutionModel;
import io.github.pgsafe.rules.Finding;
import io.github.pgsafe.rules.LintSettings;
import io.github.pgsafe.rules.Linter;
import io.github.pgsafe.rules.Severity;
import io.github.pgsafe.rules.SourceFile;
import io.github.pgsafe.runtime.InvalidSettingException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.CreateIndexChange;
import liquibase.change.core.CreateTableChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every pending changeset with pgsafe's rules while Liquibase validates the changelog, which
 * it does before any changeset runs (update, update-sql, validate, rollback). Unsafe changesets
 * become validation errors, so Liquibase prints them all in one report and runs nothing.
 *
 * <ul>
 *   <li>Built-in changes are turned into the SQL Liquibase would send to PostgreSQL (its own
 *       SqlGeneratorFactory), raw {@code sql}/{@code sqlFile} changes are taken as written, and the
 *       pgsafe linter judges that SQL with the changeset's execution model (one transaction, or
 *       auto-commit with {@code runInTransaction="false"}).
 *   <li>Tables created by earlier pending changesets of the same run are new to the linter, so
 *       {@code createIndex} on them is fine.
 *   <li>Applied changesets are never judged again (Liquibase passes {@code shouldValidate=false}).
 *   <li>Error-level findings refuse the changeset. Warning-level findings (ban-drop-column,
 *       ban-drop-table, ban-drop-not-null: correct only once the application no longer depends on
 *       what goes) are logged at WARN with the same text and do not stop the run, as in Flyway and
 *       {@code pgsafe lint}; the rule's severity, decided once in pgsafe-common, means the same
 *       everywhere. Advisory findings (unrecognised-statement, unused-override) are logged at INFO.
 *       require-lock-timeout is off: pgsafe's executor sets lock_timeout for every change.
 *   <li>Overrides: {@code -- pgsafe:allow <rule> reason: <why>} inside SQL, or the same text in the
 *       changeset's {@code <comment>} for the whole changeset.
 * </ul>
 */
public class ChangeGuard extends ValidatingVisitor {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeGuard.class);
  private static final Pattern ALLOW =
      Pattern.compile("pgsafe:allow\\s+([a-z0-9, -]+?)\\s*(?:reason:\\s*(\\S.*?))?\\s*(?:$|\\n)");
  private static final Set<String> ADVISORY = Set.of("unrecognised-statement", "unused-override");
  private static final Map<String, String> INSTEAD = new HashMap<>();

  static {
    INSTEAD.put("require-concurrent-index-creation", "pgsafe:concurrentIndex");
    INSTEAD.put("require-concurrent-index-deletion", "pgsafe:dropIndexConcurrently");
    INSTEAD.put("adding-not-nullable-field", "pgsafe:safeNotNull");
    INSTEAD.put("adding-foreign-key-constraint", "pgsafe:safeForeignKey");
    INSTEAD.put("constraint-missing-not-valid", "pgsafe:safeCheck");
    INSTEAD.put("disallowed-unique-constraint", "pgsafe:safeUnique");
    INSTEAD.put("renaming-column", "pgsafe:safeRename (phase expand, then contract)");
    INSTEAD.put("changing-column-type", "pgsafe:safeTypeChange (phase expand, then contract)");
    INSTEAD.put("ban-table-rewrite", "pgsafe:safeTypeChange (phase expand, then contract)");
    INSTEAD.put("require-batched-backfill", "pgsafe:batchedBackfill");
    INSTEAD.put("ban-batch-loop-in-transaction", "pgsafe:batchedBackfill");
    INSTEAD.put(
        "ban-drop-column",
        "first deploy the application without the column, then allow it with a reason");
    INSTEAD.put(
        "renaming-table",
        "a new table plus a view under the old name, then allow the rename with a reason");
  }

  private final Set<String> createdInRun = new HashSet<>();
  private boolean settingsChecked;

  public ChangeGuard(List<RanChangeSet> ranChangeSets) {
    super(ranChangeSets);
  }

  @Override
  protected void additionalValidations(
      ChangeSet changeSet, Database database, boolean shouldValidate, boolean ran) {
    if (!(database instanceof PostgresDatabase) || ran && !shouldValidate) {
      return;
    }
    if (!settingsChecked) {
      settingsChecked = true;
      checkSettings(changeSet);
    }
    try {
      judge(changeSet, database, shouldValidate);
    } catch (RuntimeException | SQLException e) {
      getValidationErrors()
          .addError(
              "[pgsafe] could not check changeset "
                  + changeSet
                  + ": "
                  + e.getMessage()
                  + ". Nothing was run.",
              changeSet);
    }
  }

  /**
   * Reads the {@code liquibase.pgsafe.*} settings once, with the first pending changeset, so a bad
   * value stops the run in validation, before any changeset, rather than at the first change.
   */
  private void checkSettings(ChangeSet first) {
    try {
      PgsafeConfiguration.current();
    } catch (InvalidSettingException e) {
      getValidationErrors().addError("[pgsafe] " + e.getMessage(), first);
    }
  }

  private void judge(ChangeSet changeSet, Database database, boolean shouldValidate)
      throws SQLException {
    Map<String, String> allowed = changesetAllows(changeSet);
    ExecutionModel model =
        changeSet.isRunInTransaction() ? ExecutionModel.TRANSACTION : ExecutionModel.AUTOCOMMIT;
    Linter linter = new Linter(lintSettings(database, model));
    Connection connection =
        database.getConnection() instanceof JdbcConnection jdbc
            ? jdbc.getUnderlyingConnection()
            : null;
    Set<String> used = new HashSet<>();
    for (Change change : changeSet.getChanges()) {
      if (change instanceof PgsafeChange pgsafe) {
        if (connection != null && pgsafe.attributeProblems().isEmpty()) {
          for (String problem : pgsafe.catalogProblems(connection, createdInRun)) {
            getValidationErrors().addError(problem + " Nothing was run.", changeSet);
          }
        }
        remember(pgsafe);
        continue;
      }
      if (change.generateStatementsVolatile(database)) {
        remember(change, List.of());
        continue;
      }
      String sql = sqlOf(change, database);
      List<Operation> operations = safeAnalyze(sql);
      List<String> prelude = new ArrayList<>();
      for (String table : createdInRun) {
        if (!table.contains(".") && !table.startsWith("index:")) {
          prelude.add("CREATE TABLE " + io.github.pgsafe.sql.Identifiers.quote(table) + " ();");
        }
      }
      int preludeLines = prelude.size();
      String script = String.join("\n", prelude) + (preludeLines > 0 ? "\n" : "") + sql;
      String name =
          changeSet.getFilePath() + "::" + changeSet.getId() + "::" + changeSet.getAuthor();
      for (Finding finding : linter.lint(new SourceFile(name, script)).findings()) {
        if (finding.line() <= preludeLines || finding.severity() == Severity.INFO) {
          continue;
        }
        if (ADVISORY.contains(finding.rule())) {
          LOG.info("pgsafe: {} in {}: {}", finding.rule(), name, finding.message());
          continue;
        }
        if (allowed.containsKey(finding.rule())) {
          used.add(finding.rule());
          LOG.info(
              "pgsafe: {} allowed in changeset {} ({})",
              finding.rule(),
              name,
              allowed.get(finding.rule()));
          continue;
        }
        if (finding.severity() == Severity.ERROR) {
          getValidationErrors()
              .addError(message(changeSet, change, finding) + " Nothing was run.", changeSet);
        } else {
          LOG.warn(
              "{} This is a warning: the changeset runs. Make sure the application no longer"
                  + " needs what it removes.",
              message(changeSet, change, finding));
        }
      }
      remember(change, operations);
    }
    for (String rule : allowed.keySet()) {
      if (!used.contains(rule) && !rule.startsWith("!")) {
        LOG.warn(
            "pgsafe: changeset {} allows {}, but nothing in it needed that; remove the override",
            changeSet,
            rule);
      }
    }
  }

  private static List<Operation> safeAnalyze(String sql) {
    try {
      return Analyzer.forUnknownVersion().analyzeScript(sql);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private LintSettings lintSettings(Database database, ExecutionModel model) {
    PgVersion version = PgVersion.DEFAULT;
    try {
      if (database.getConnection() instanceof JdbcConnection) {
        int major = database.getDatabaseMajorVersion();
        if (major >= PgVersion.OLDEST_SUPPORTED.major()
            && major <= PgVersion.NEWEST_SUPPORTED.major()) {
          version = PgVersion.of(major);
        }
      }
    } catch (Exception e) {
      LOG.debug("pgsafe: PostgreSQL version unknown; linting for {}", version.major(), e);
    }
    return LintSettings.defaults(version)
        .withExecutionModel(model)
        .withDisabledRules(Set.of("require-lock-timeout"));
  }

  private static String sqlOf(Change change, Database database) {
    if (change instanceof AbstractSQLChange raw) {
      String sql = raw.getSql();
      return sql == null ? "" : sql;
    }
    List<String> statements = new ArrayList<>();
    for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(change, database)) {
      statements.add(sql.toSql() + ";");
    }
    return String.join("\n", statements);
  }

  private void remember(PgsafeChange change) {
    if (change instanceof ConcurrentIndexChange index && index.getIndexName() != null) {
      createdInRun.add("index:" + lower(index.getIndexName()));
    }
    if (change instanceof SafeRenameChange rename
        && "expand".equalsIgnoreCase(String.valueOf(rename.getPhase()))
        && rename.getTableName() != null
        && rename.getNewColumnName() != null) {
      createdInRun.add(lower(rename.getTableName()) + "." + lower(rename.getNewColumnName()));
    }
    if (change instanceof ExpandContractChange) {
      return;
    }
  }

  private void remember(Change change, List<Operation> operations) {
    if (change instanceof CreateTableChange create && create.getTableName() != null) {
      createdInRun.add(lower(create.getTableName()));
    }
    if (change instanceof AddColumnChange add && add.getTableName() != null) {
      for (ColumnConfig column : add.getColumns()) {
        createdInRun.add(lower(add.getTableName()) + "." + lower(column.getName()));
      }
    }
    if (change instanceof CreateIndexChange index && index.getIndexName() != null) {
      createdInRun.add("index:" + lower(index.getIndexName()));
    }
    for (Operation operation : operations) {
      if (operation.kind() == OperationKind.CREATE_TABLE) {
        operation.target().ifPresent(t -> createdInRun.add(t.name()));
      }
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** {@code pgsafe:allow rule[, rule] reason: ...} in the changeset's comment. */
  private Map<String, String> changesetAllows(ChangeSet changeSet) {
    Map<String, String> allowed = new HashMap<>();
    String comments = changeSet.getComments();
    if (comments == null) {
      return allowed;
    }
    Matcher m = ALLOW.matcher(comments);
    while (m.find()) {
      String reason = m.group(2);
      for (String rule : m.group(1).split("[,\\s]+")) {
        if (rule.isBlank()) {
          continue;
        }
        if (reason == null || reason.isBlank()) {
          getValidationErrors()
              .addError(
                  "[pgsafe] changeset "
                      + changeSet
                      + " allows "
                      + rule
                      + " without a reason; write <comment>pgsafe:allow "
                      + rule
                      + " reason: why it is safe here</comment>. Nothing was run.",
                  changeSet);
        } else {
          allowed.put(rule, reason);
        }
      }
    }
    return allowed;
  }

  private static String message(ChangeSet changeSet, Change change, Finding finding) {
    String type = changeType(change);
    StringBuilder out = new StringBuilder();
    out.append("[pgsafe] ")
        .append(finding.rule())
        .append(" in changeset ")
        .append(changeSet.getFilePath())
        .append("::")
        .append(changeSet.getId())
        .append("::")
        .append(changeSet.getAuthor())
        .append(" (")
        .append(type)
        .append("): ")
        .append(finding.statement().strip().replaceAll("\\s+", " "))
        .append(" -- ")
        .append(finding.message().strip().replaceAll("\\s+", " "));
    String instead = INSTEAD.get(finding.rule());
    if (instead != null) {
      out.append(" Use instead: ").append(instead).append('.');
    }
    if (!finding.fix().isBlank()) {
      out.append(" Safe SQL: ").append(finding.fix().strip().replaceAll("\\s+", " "));
    }
    out.append(" To allow it: <comment>pgsafe:allow ")
        .append(finding.rule())
        .append(" reason: ...</comment> on the changeset, or -- pgsafe:allow ")
        .append(finding.rule())
        .append(" reason: ... before the statement in SQL. Docs: ")
        .append(finding.docsPath())
        .append('.');
    return out.toString();
  }

  private static String changeType(Change change) {
    String name = change.getClass().getSimpleName();
    name = name.endsWith("Change") ? name.substring(0, name.length() - 6) : name;
    if (change instanceof AbstractSQLChange) {
      return change.getClass().getSimpleName().startsWith("SQLFile") ? "sqlFile" : "sql";
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
