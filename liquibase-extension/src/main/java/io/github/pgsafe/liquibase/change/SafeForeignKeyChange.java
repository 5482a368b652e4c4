package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.operations.Constraint;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/** {@code ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID}, then {@code VALIDATE CONSTRAINT}. */
@DatabaseChange(
    name = "safeForeignKey",
    description =
        "Adds a FOREIGN KEY as NOT VALID, then validates it without blocking writes. Needs"
            + " runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "table")
public class SafeForeignKeyChange extends ConstraintChange {
  private String baseColumnNames;
  private String referencedSchemaName;
  private String referencedTableName;
  private String referencedColumnNames;

  @DatabaseChangeProperty(
      description = "Columns of tableName, comma-separated",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getBaseColumnNames() {
    return baseColumnNames;
  }

  public void setBaseColumnNames(String baseColumnNames) {
    this.baseColumnNames = baseColumnNames;
  }

  @DatabaseChangeProperty(
      description = "Schema of the referenced table",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getReferencedSchemaName() {
    return referencedSchemaName;
  }

  public void setReferencedSchemaName(String referencedSchemaName) {
    this.referencedSchemaName = referencedSchemaName;
  }

  @DatabaseChangeProperty(
      description = "The referenced table",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getReferencedTableName() {
    return referencedTableName;
  }

  public void setReferencedTableName(String referencedTableName) {
    this.referencedTableName = referencedTableName;
  }

  @DatabaseChangeProperty(
      description = "Referenced columns, comma-separated",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getReferencedColumnNames() {
    return referencedColumnNames;
  }

  public void setReferencedColumnNames(String referencedColumnNames) {
    this.referencedColumnNames = referencedColumnNames;
  }

  private TableName referenced() {
    return blank(referencedSchemaName)
        ? TableName.of(referencedTableName)
        : TableName.of(referencedSchemaName, referencedTableName);
  }

  @Override
  protected void checkConstraint(List<String> problems) {
    List<String> base = columnList("baseColumnNames", baseColumnNames, problems);
    required("referencedTableName", referencedTableName, problems);
    if (referencedSchemaName != null) {
      identifier("referencedSchemaName", referencedSchemaName, problems);
    }
    List<String> ref = columnList("referencedColumnNames", referencedColumnNames, problems);
    if (!base.isEmpty() && !ref.isEmpty() && base.size() != ref.size()) {
      problems.add(
          changeName()
              + ": baseColumnNames has "
              + base.size()
              + " columns but referencedColumnNames has "
              + ref.size()
              + ".");
    }
  }

  @Override
  protected List<String> existingColumns() {
    return names(baseColumnNames);
  }

  @Override
  protected void moreCatalogProblems(
      Connection connection, Set<String> createdInRun, List<String> problems) throws SQLException {
    String key = referencedTableName.toLowerCase(Locale.ROOT);
    if (createdInRun.contains(key)) {
      return;
    }
    var oid = relation(connection, referenced().sql());
    if (oid.isEmpty()) {
      problems.add(
          changeName() + ": referenced table " + referenced().display() + " does not exist.");
      return;
    }
    for (String column : names(referencedColumnNames)) {
      if (!hasColumn(connection, oid.get(), column)) {
        problems.add(
            changeName()
                + ": column "
                + column
                + " does not exist in "
                + referenced().display()
                + ".");
      }
    }
  }

  @Override
  protected List<PlanStep.Lock> dropLocks() {
    return List.of(
        new PlanStep.Lock(table().sql(), LockMode.ACCESS_EXCLUSIVE),
        new PlanStep.Lock(referenced().sql(), LockMode.SHARE_ROW_EXCLUSIVE));
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return Constraint.foreignKey(
        table(),
        getConstraintName(),
        names(baseColumnNames),
        referenced(),
        names(referencedColumnNames),
        retry);
  }

  @Override
  protected String summary() {
    return "foreign key "
        + getConstraintName()
        + " "
        + getTableName()
        + " ("
        + baseColumnNames
        + ") -> "
        + referencedTableName
        + " ("
        + referencedColumnNames
        + ")";
  }
}
