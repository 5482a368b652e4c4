package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.liquibase.internal.RetriedStatement;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeNotNull;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.sql.Identifiers;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * SET NOT NULL without a long lock: a NOT VALID check, VALIDATE (no write lock), then SET NOT NULL
 * that uses the check instead of scanning. Rollback: DROP NOT NULL.
 */
@DatabaseChange(
    name = "safeNotNull",
    description =
        "Makes a column NOT NULL through a validated CHECK constraint, so no lock that blocks"
            + " writes is held during the scan. Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "column")
public class SafeNotNullChange extends PgsafeChange {
  private String columnName;

  @DatabaseChangeProperty(
      description = "The column",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getColumnName() {
    return columnName;
  }

  public void setColumnName(String columnName) {
    this.columnName = columnName;
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    required("columnName", columnName, problems);
  }

  @Override
  protected List<String> existingColumns() {
    return List.of(columnName);
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return SafeNotNull.of(table(), columnName, retry);
  }

  @Override
  protected SafeOperation inverse(LockRetry retry) {
    return new RetriedStatement(
        "ALTER TABLE "
            + table().sql()
            + " ALTER COLUMN "
            + Identifiers.quote(columnName)
            + " DROP NOT NULL",
        List.of(new PlanStep.Lock(table().sql(), LockMode.ACCESS_EXCLUSIVE)),
        retry);
  }

  @Override
  protected String summary() {
    return getTableName() + "." + columnName + " made NOT NULL without a long lock";
  }
}
