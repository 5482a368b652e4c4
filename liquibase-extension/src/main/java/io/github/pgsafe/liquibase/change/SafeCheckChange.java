package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.Constraint;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/** {@code ADD CONSTRAINT ... CHECK (...) NOT VALID}, then {@code VALIDATE CONSTRAINT}. */
@DatabaseChange(
    name = "safeCheck",
    description =
        "Adds a CHECK constraint as NOT VALID, then validates it without blocking writes. Needs"
            + " runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "table")
public class SafeCheckChange extends ConstraintChange {
  private String checkCondition;

  @DatabaseChangeProperty(
      description = "The condition, as SQL: amount >= 0",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getCheckCondition() {
    return checkCondition;
  }

  public void setCheckCondition(String checkCondition) {
    this.checkCondition = checkCondition;
  }

  @Override
  protected void checkConstraint(List<String> problems) {
    if (blank(checkCondition)) {
      problems.add(changeName() + ": checkCondition is required (SQL such as amount >= 0).");
    }
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return Constraint.check(table(), getConstraintName(), checkCondition.strip(), retry);
  }

  @Override
  protected String summary() {
    return "check " + getConstraintName() + " on " + getTableName() + " (" + checkCondition + ")";
  }
}
