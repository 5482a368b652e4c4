package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.liquibase.internal.ExpandContractColumn;
import io.github.pgsafe.liquibase.internal.ExpandContractColumn.Phase;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import java.util.List;
import java.util.Optional;
import liquibase.change.DatabaseChangeProperty;

/** The phase attribute and the operation shared by safeRename and safeTypeChange. */
public abstract class ExpandContractChange extends PgsafeChange {
  private String columnName;
  private String phase;
  private Integer batchSize;

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
      description = "Rows per backfill batch of the expand phase, default 1000",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  /** The column that holds the new shape until contract. */
  protected abstract String targetColumn();

  protected abstract Optional<String> newType();

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
    if (batchSize != null && (batchSize < 1 || batchSize > 100_000)) {
      problems.add(changeName() + ": batchSize is " + batchSize + "; it must be 1 to 100000.");
    }
    checkTarget(problems);
  }

  @Override
  protected List<String> existingColumns() {
    return switch (parsedPhase()) {
      case EXPAND -> List.of(columnName);
      case CONTRACT -> List.of(columnName, targetColumn());
      case ABORT -> List.of(columnName);
    };
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return new ExpandContractColumn(
        table(),
        columnName,
        targetColumn(),
        newType(),
        parsedPhase(),
        batchSize == null ? BatchedBackfillChange.DEFAULT_BATCH_SIZE : batchSize,
        retry);
  }

  /** Rollback of expand is abort; contract and abort cannot be undone (data was dropped). */
  @Override
  protected SafeOperation inverse(LockRetry retry) {
    if (Phase.parse(phase).orElse(Phase.CONTRACT) != Phase.EXPAND) {
      return null;
    }
    return new ExpandContractColumn(
        table(), columnName, targetColumn(), newType(), Phase.ABORT, 1, retry);
  }
}
