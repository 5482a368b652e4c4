package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.liquibase.internal.ExpandContractStep;
import io.github.pgsafe.liquibase.internal.ExpandContractStep.Phase;
import io.github.pgsafe.operations.ExpandContract;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import java.util.List;
import liquibase.change.DatabaseChangeProperty;

/**
 * The attributes and the operation shared by safeRename and safeTypeChange: one phase of
 * pgsafe-common's {@link ExpandContract} per changeset. Expand is resumable (a failed run picks up
 * its backfill where it stopped); contract and abort refuse to run out of order.
 */
public abstract class ExpandContractChange extends PgsafeChange {
  private String columnName;
  private String phase;
  private Integer batchSize;
  private Boolean notNull;
  private String defaultValueComputed;

  @DatabaseChangeProperty(
      description = "The column as the application uses it today",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getColumnName() {
    return columnName;
  }

  public void setColumnName(String columnName) {
    this.columnName = columnName;
  }

  @DatabaseChangeProperty(
      description =
          "expand (add and sync the new column), contract (drop the old one) or abort (drop the"
              + " new one)",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  @DatabaseChangeProperty(
      description =
          "Rows per backfill batch of the expand phase, fixed; by default the size adapts so that"
              + " a batch takes about 50 ms",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  @DatabaseChangeProperty(
      description =
          "contract: make the new column NOT NULL first (CHECK NOT VALID, VALIDATE, SET NOT NULL),"
              + " while the trigger still syncs",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Boolean getNotNull() {
    return notNull;
  }

  public void setNotNull(Boolean notNull) {
    this.notNull = notNull;
  }

  @DatabaseChangeProperty(
      description =
          "contract: the DEFAULT of the new column, as SQL. During the window the trigger applies"
              + " the old column's default; without this the column has none after contract",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getDefaultValueComputed() {
    return defaultValueComputed;
  }

  public void setDefaultValueComputed(String defaultValueComputed) {
    this.defaultValueComputed = defaultValueComputed;
  }

  /** The change of pgsafe-common, without the contract options. */
  protected abstract ExpandContract expandContract(LockRetry retry);

  protected abstract void checkTarget(List<String> problems);

  final Phase parsedPhase() {
    return Phase.parse(phase).orElseThrow();
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    required("columnName", columnName, problems);
    if (Phase.parse(phase).isEmpty()) {
      problems.add(
          changeName()
              + ": phase is "
              + (blank(phase) ? "missing" : "'" + phase + "'")
              + "; it must be expand, contract or abort.");
    }
    checkBatchSize(batchSize, problems);
    if (defaultValueComputed != null && defaultValueComputed.isBlank()) {
      problems.add(changeName() + ": defaultValueComputed is empty; leave it out for no default.");
    }
    checkTarget(problems);
  }

  @Override
  protected List<String> existingColumns() {
    return switch (parsedPhase()) {
      case EXPAND, ABORT -> List.of(columnName);
      case CONTRACT ->
          List.of(
              columnName,
              expandContract(LockRetry.withoutMonitor(PgsafeSettings.defaults())).newColumn());
    };
  }

  /** The change with this changeset's contract options and backfill batch size. */
  private ExpandContract configured(LockRetry retry) {
    ExpandContract change =
        expandContract(retry).backfill(BatchedBackfillChange.settings(batchSize, null));
    if (Boolean.TRUE.equals(notNull)) {
      change = change.notNull();
    }
    if (!blank(defaultValueComputed)) {
      change = change.withDefault(defaultValueComputed.strip());
    }
    return change;
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return new ExpandContractStep(configured(retry), parsedPhase());
  }

  /** Rollback of expand is abort; contract and abort cannot be undone (data was dropped). */
  @Override
  protected SafeOperation inverse(LockRetry retry) {
    if (Phase.parse(phase).orElse(Phase.CONTRACT) != Phase.EXPAND) {
      return null;
    }
    return new ExpandContractStep(configured(retry), Phase.ABORT);
  }
}
