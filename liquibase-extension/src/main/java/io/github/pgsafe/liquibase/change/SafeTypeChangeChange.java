package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.runtime.LockRetry;
import java.util.List;
import java.util.regex.Pattern;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * A column type change without a table rewrite under lock: {@code expand} adds {@code <column>_new}
 * of the new type, synced with plain casts both ways by a trigger and backfilled in batches; {@code
 * contract} drops the old column and renames the new one into its place in one short transaction;
 * {@code abort} drops the new column.
 */
@DatabaseChange(
    name = "safeTypeChange",
    description =
        "Changes a column's type in expand/contract phases, without rewriting the table under an"
            + " ACCESS EXCLUSIVE lock. Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "column")
public class SafeTypeChangeChange extends ExpandContractChange {
  private static final Pattern TYPE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_ .]*(\\([0-9, ]+\\))?(\\[\\])?");
  private String newDataType;

  @DatabaseChangeProperty(
      description = "The new type: bigint, numeric(12,2), text",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getNewDataType() {
    return newDataType;
  }

  public void setNewDataType(String newDataType) {
    this.newDataType = newDataType;
  }

  @Override
  protected ExpandContract expandContract(LockRetry retry) {
    return ExpandContract.changeType(table(), getColumnName(), newDataType.strip(), retry);
  }

  @Override
  protected void checkTarget(List<String> problems) {
    if (blank(newDataType)) {
      problems.add(changeName() + ": newDataType is required (bigint, numeric(12,2), ...).");
    } else if (!TYPE.matcher(newDataType.strip()).matches()) {
      problems.add(changeName() + ": newDataType '" + newDataType + "' is not a type name.");
    }
  }

  @Override
  protected String summary() {
    return getPhase()
        + " of the type change "
        + getTableName()
        + "."
        + getColumnName()
        + " -> "
        + newDataType;
  }
}
