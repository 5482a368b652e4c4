package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.liquibase.internal.RetriedStatement;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.sql.Identifiers;
import java.util.List;
import liquibase.change.DatabaseChangeProperty;

/** A change that adds a named constraint; rollback drops it. */
public abstract class ConstraintChange extends PgsafeChange {
  private String constraintName;

  @DatabaseChangeProperty(
      description = "Name of the constraint",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getConstraintName() {
    return constraintName;
  }

  public void setConstraintName(String constraintName) {
    this.constraintName = constraintName;
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    required("constraintName", constraintName, problems);
    checkConstraint(problems);
  }

  protected abstract void checkConstraint(List<String> problems);

  /** Tables the DROP CONSTRAINT of the rollback locks. */
  protected List<PlanStep.Lock> dropLocks() {
    return List.of(new PlanStep.Lock(table().sql(), LockMode.ACCESS_EXCLUSIVE));
  }

  @Override
  protected SafeOperation inverse(LockRetry retry) {
    return new RetriedStatement(
        "ALTER TABLE "
            + table().sql()
            + " DROP CONSTRAINT IF EXISTS "
            + Identifiers.quote(constraintName),
        dropLocks(),
        retry);
  }
}
