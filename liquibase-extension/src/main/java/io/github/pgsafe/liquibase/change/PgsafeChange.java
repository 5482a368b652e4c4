package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.liquibase.PgsafeConfiguration;
import io.github.pgsafe.liquibase.internal.SideConnections;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import liquibase.change.AbstractChange;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.RollbackImpossibleException;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.exception.ValidationErrors;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.CommentStatement;

/**
 * The base of pgsafe's change types. Each one is a {@link SafeOperation} of pgsafe-common written
 * as a Liquibase change:
 *
 * <ul>
 *   <li>It is <em>volatile</em>: {@link #generateStatements} runs the operation on the changeset's
 *       JDBC connection only when Liquibase really executes the change ({@link
 *       #shouldExecuteChange}), and returns no statements. In every other call (update-sql,
 *       validation, Liquibase's own logging) it returns the operation's plan as SQL comments and
 *       touches nothing.
 *   <li>The operation manages its own transactions, lock_timeout and retries, so the changeset must
 *       say {@code runInTransaction="false"}; {@link #validate} fails without it.
 *   <li>Every attribute is checked in {@link #validate}; tables and columns are checked against the
 *       database by the guard ({@link #catalogProblems}), which knows what earlier changesets of
 *       the same run create.
 * </ul>
 */
public abstract class PgsafeChange extends AbstractChange {
  private String schemaName;
  private String tableName;

  @DatabaseChangeProperty(
      description = "Schema of the table; the search_path decides when it is not set",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getSchemaName() {
    return schemaName;
  }

  public void setSchemaName(String schemaName) {
    this.schemaName = schemaName;
  }

  @DatabaseChangeProperty(
      description = "The table",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  /** The change type's name, {@code concurrentIndex}. */
  public final String changeName() {
    DatabaseChange annotation = getClass().getAnnotation(DatabaseChange.class);
    return annotation == null ? getClass().getSimpleName() : annotation.name();
  }

  /** Adds a message for every missing or malformed attribute. */
  protected abstract void checkAttributes(List<String> problems);

  /** The operation; only called when {@link #checkAttributes} found nothing. */
  protected abstract SafeOperation operation(LockRetry retry);

  /** Columns of {@link #table()} that must exist before the change runs. */
  protected List<String> existingColumns() {
    return List.of();
  }

  /** Columns of {@link #table()} that must not exist yet. */
  protected List<String> newColumns() {
    return List.of();
  }

  /** {@code file::id::author}, the identity Liquibase records the changeset under. */
  protected static String identity(ChangeSet changeSet) {
    return changeSet.getFilePath() + "::" + changeSet.getId() + "::" + changeSet.getAuthor();
  }

  /** What the change does, in a few words with the user's names, for the confirmation. */
  protected abstract String summary();

  @Override
  public final String getConfirmationMessage() {
    return "pgsafe " + changeName() + ": " + summary();
  }

  protected final TableName table() {
    return schemaName == null || schemaName.isBlank()
        ? TableName.of(tableName)
        : TableName.of(schemaName, tableName);
  }

  @Override
  public boolean supports(Database database) {
    return database instanceof PostgresDatabase;
  }

  @Override
  public boolean generateStatementsVolatile(Database database) {
    return true;
  }

  @Override
  public boolean generateRollbackStatementsVolatile(Database database) {
    return true;
  }

  @Override
  public SqlStatement[] generateStatements(Database database) {
    return statementsOrRun(database, this::operation, getConfirmationMessage());
  }

  /**
   * The operation that undoes this change, or null when it cannot be undone (then rollback needs a
   * {@code <rollback>} block).
   */
  protected SafeOperation inverse(LockRetry retry) {
    return null;
  }

  @Override
  public boolean supportsRollback(Database database) {
    return attributeProblems().isEmpty()
        && inverse(LockRetry.withoutMonitor(PgsafeSettings.defaults())) != null;
  }

  @Override
  public SqlStatement[] generateRollbackStatements(Database database)
      throws RollbackImpossibleException {
    if (!supportsRollback(database)) {
      throw new RollbackImpossibleException(
          "pgsafe " + changeName() + " cannot be undone automatically; add a <rollback> block");
    }
    return statementsOrRun(database, this::inverse, "rollback of " + getConfirmationMessage());
  }

  private SqlStatement[] statementsOrRun(
      Database database, Function<LockRetry, SafeOperation> operation, String title) {
    if (!attributeProblems().isEmpty()) {
      return new SqlStatement[0];
    }
    PgsafeSettings settings = PgsafeConfiguration.current();
    if (shouldExecuteChange(database) && database.getConnection() instanceof JdbcConnection jdbc) {
      Connection connection = jdbc.getUnderlyingConnection();
      LockRetry retry =
          SideConnections.like(connection)
              .map(side -> LockRetry.create(settings, side))
              .orElseGet(() -> LockRetry.withoutMonitor(settings));
      run(connection, operation.apply(retry));
      return new SqlStatement[0];
    }
    LockRetry retry = LockRetry.withoutMonitor(settings);
    List<SqlStatement> comments = new ArrayList<>();
    comments.add(
        new CommentStatement(
            title + ". pgsafe runs these steps itself, outside Liquibase's transaction:"));
    for (PlanStep step : operation.apply(retry).plan()) {
      comments.add(new CommentStatement(step.toString()));
    }
    return comments.toArray(SqlStatement[]::new);
  }

  private void run(Connection connection, SafeOperation operation) {
    try {
      if (!connection.getAutoCommit()) {
        throw new PgsafeException(
            "pgsafe " + changeName() + " needs runInTransaction=\"false\" on its changeset");
      }
      operation.run(connection);
    } catch (SQLException e) {
      throw new UnexpectedLiquibaseException(e.getMessage(), e);
    }
  }

  @Override
  public ValidationErrors validate(Database database) {
    ValidationErrors errors = super.validate(database);
    if (errors.hasErrors()) {
      return errors;
    }
    for (String problem : attributeProblems()) {
      errors.addError(problem);
    }
    if (getChangeSet() != null && getChangeSet().isRunInTransaction()) {
      errors.addError(
          changeName()
              + " "
              + describeTarget()
              + " requires runInTransaction=\"false\" on its changeSet: pgsafe runs its steps in"
              + " transactions of its own (or, for CONCURRENTLY, in none), with lock_timeout and"
              + " retries. Add runInTransaction=\"false\" to changeSet "
              + getChangeSet().getId()
              + " and keep it the only change in that changeSet. Nothing was run.");
    }
    return errors;
  }

  private String describeTarget() {
    return tableName == null
        ? ""
        : "on " + (schemaName == null ? "" : schemaName + ".") + tableName;
  }

  /** The attribute problems, each a sentence naming the attribute. */
  public final List<String> attributeProblems() {
    List<String> problems = new ArrayList<>();
    if (blank(tableName)) {
      problems.add(changeName() + ": tableName is required.");
    } else {
      identifier("tableName", tableName, problems);
    }
    if (schemaName != null) {
      identifier("schemaName", schemaName, problems);
    }
    checkAttributes(problems);
    return problems;
  }

  /**
   * Problems with the tables and columns this change names, looked up on {@code connection}; {@code
   * createdInRun} holds tables (lower-case, unqualified) and {@code table.column} created by
   * earlier pending changesets, which are not looked up.
   */
  public List<String> catalogProblems(Connection connection, Set<String> createdInRun)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    if (!attributeProblems().isEmpty()) {
      return problems;
    }
    String key = tableName.toLowerCase(Locale.ROOT);
    if (createdInRun.contains(key)) {
      return problems;
    }
    Optional<Long> oid = relation(connection, table().sql());
    if (oid.isEmpty()) {
      problems.add(
          changeName()
              + ": table "
              + table().display()
              + " does not exist"
              + (schemaName == null ? " in the search_path" : "")
              + ".");
      return problems;
    }
    for (String column : existingColumns()) {
      if (!createdInRun.contains(key + "." + column.toLowerCase(Locale.ROOT))
          && !hasColumn(connection, oid.get(), column)) {
        problems.add(
            changeName() + ": column " + column + " does not exist in " + table().display() + ".");
      }
    }
    for (String column : newColumns()) {
      if (hasColumn(connection, oid.get(), column)) {
        problems.add(
            changeName() + ": column " + column + " already exists in " + table().display() + ".");
      }
    }
    moreCatalogProblems(connection, createdInRun, problems);
    return problems;
  }

  /** Further lookups of a subclass (the referenced table of a foreign key). */
  protected void moreCatalogProblems(
      Connection connection, Set<String> createdInRun, List<String> problems) throws SQLException {}

  static Optional<Long> relation(Connection connection, String quotedName) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?)::oid")) {
      ps.setString(1, quotedName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long oid = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(oid);
      }
    }
  }

  static boolean hasColumn(Connection connection, long oid, String column) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT 1 FROM pg_attribute WHERE attrelid = ? AND attname = ? AND attnum > 0"
                + " AND NOT attisdropped")) {
      ps.setLong(1, oid);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Checks a name and adds a problem naming {@code attribute} if it is not a valid identifier. */
  final void identifier(String attribute, String value, List<String> problems) {
    try {
      Identifiers.quote(value);
    } catch (IllegalArgumentException e) {
      problems.add(
          changeName() + ": " + attribute + " '" + value + "' is not valid: " + e.getMessage());
    }
  }

  final void required(String attribute, String value, List<String> problems) {
    if (blank(value)) {
      problems.add(changeName() + ": " + attribute + " is required.");
    } else {
      identifier(attribute, value, problems);
    }
  }

  /** Adds a problem if {@code rows} is set and outside what a fixed backfill batch may be. */
  final void checkBatchSize(Integer rows, List<String> problems) {
    int max = BackfillSettings.BATCH_SIZE.max().orElseThrow();
    if (rows != null && (rows < 1 || rows > max)) {
      problems.add(changeName() + ": batchSize is " + rows + "; it must be 1 to " + max + ".");
    }
  }

  /** A comma-separated list of column names: each must be a valid identifier. */
  final List<String> columnList(String attribute, String value, List<String> problems) {
    if (blank(value)) {
      problems.add(
          changeName() + ": " + attribute + " is required (comma-separated column names).");
      return List.of();
    }
    List<String> columns = new ArrayList<>();
    for (String part : SqlList.split(value)) {
      if (part.isEmpty()) {
        problems.add(changeName() + ": " + attribute + " '" + value + "' has an empty entry.");
      } else if (!SqlList.isPlainName(part)) {
        problems.add(
            changeName()
                + ": "
                + attribute
                + " entry '"
                + part
                + "' is not a column name (letters, digits, _ and $).");
      } else {
        columns.add(part);
      }
    }
    return columns;
  }

  /** Columns as written (unquoted names, kept as-is). */
  static List<String> names(String value) {
    return blank(value) ? List.of() : SqlList.split(value);
  }
}
