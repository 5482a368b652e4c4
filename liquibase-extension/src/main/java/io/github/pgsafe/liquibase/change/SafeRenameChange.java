package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.runtime.LockRetry;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * A column rename in deployments: {@code phase="expand"} adds {@code newColumnName}, keeps it equal
 * to {@code columnName} with a trigger in both directions and backfills it; deploy the application
 * that uses the new name; {@code phase="contract"} applies {@code notNull} and {@code
 * defaultValueComputed} to the new column, then drops the trigger and the old column. {@code
 * phase="abort"} undoes an expand. Rollback of expand is abort.
 */
@DatabaseChange(
    name = "safeRename",
    description =
        "Renames a column in expand/contract phases so old and new application code both work."
            + " Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "column")
public class SafeRenameChange extends ExpandContractChange {
  private String newColumnName;

  @DatabaseChangeProperty(
      description = "The new name",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getNewColumnName() {
    return newColumnName;
  }

  public void setNewColumnName(String newColumnName) {
    this.newColumnName = newColumnName;
  }

  @Override
  protected ExpandContract expandContract(LockRetry retry) {
    return ExpandContract.renameColumn(table(), getColumnName(), newColumnName, retry);
  }

  @Override
  protected void checkTarget(List<String> problems) {
    required("newColumnName", newColumnName, problems);
    if (newColumnName != null && newColumnName.equals(getColumnName())) {
      problems.add(changeName() + ": newColumnName is the same as columnName.");
    }
  }

  @Override
  protected String summary() {
    return getPhase()
        + " of the rename "
        + getTableName()
        + "."
        + getColumnName()
        + " -> "
        + newColumnName;
  }
}
