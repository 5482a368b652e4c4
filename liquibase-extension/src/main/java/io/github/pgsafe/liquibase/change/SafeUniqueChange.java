package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.UniqueConstraint;
import io.github.pgsafe.runtime.LockRetry;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * A UNIQUE (or PRIMARY KEY) constraint from a unique index built concurrently, attached with {@code
 * ADD CONSTRAINT ... USING INDEX}. Rollback drops the constraint and its index.
 */
@DatabaseChange(
    name = "safeUnique",
    description =
        "Adds a UNIQUE or PRIMARY KEY constraint over an index built concurrently. Needs"
            + " runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "table")
public class SafeUniqueChange extends ConstraintChange {
  private String columnNames;
  private Boolean primaryKey;

  @DatabaseChangeProperty(
      description = "Columns, comma-separated",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getColumnNames() {
    return columnNames;
  }

  public void setColumnNames(String columnNames) {
    this.columnNames = columnNames;
  }

  @DatabaseChangeProperty(
      description = "PRIMARY KEY instead of UNIQUE (the columns must be NOT NULL)",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Boolean getPrimaryKey() {
    return primaryKey;
  }

  public void setPrimaryKey(Boolean primaryKey) {
    this.primaryKey = primaryKey;
  }

  @Override
  protected void checkConstraint(List<String> problems) {
    columnList("columnNames", columnNames, problems);
  }

  @Override
  protected List<String> existingColumns() {
    return names(columnNames);
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return Boolean.TRUE.equals(primaryKey)
        ? UniqueConstraint.primaryKey(table(), getConstraintName(), names(columnNames), retry)
        : UniqueConstraint.unique(table(), getConstraintName(), names(columnNames), retry);
  }

  @Override
  protected String summary() {
    return (Boolean.TRUE.equals(primaryKey) ? "primary key " : "unique constraint ")
        + getConstraintName()
        + " on "
        + getTableName()
        + " ("
        + columnNames
        + ")";
  }
}
