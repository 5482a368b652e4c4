package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.liquibase.internal.KeysetBackfill;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.LockRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * An UPDATE of a whole table in small committed batches along the primary key. Its work runs only
 * on update; validate and update-sql only print, as SQL comments, what it would run. No automatic
 * rollback (data changes cannot be undone by pgsafe); give a {@code <rollback>} if you need one.
 */
@DatabaseChange(
    name = "batchedBackfill",
    description =
        "Updates rows in small committed batches that walk the primary key up to the bound taken"
            + " at the start. Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "table")
public class BatchedBackfillChange extends PgsafeChange {
  /** Rows per batch unless batchSize says otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private String assignments;
  private String predicate;
  private Integer batchSize;
  private Integer pauseMillis;
  private String keyColumn;

  @DatabaseChangeProperty(
      description = "The SET list, as SQL: status = 'active', total = price * quantity",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getAssignments() {
    return assignments;
  }

  public void setAssignments(String assignments) {
    this.assignments = assignments;
  }

  @DatabaseChangeProperty(
      description =
          "Which rows need the update, as SQL (status IS NULL); rows that no longer match are"
              + " skipped when the backfill is run again",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getPredicate() {
    return predicate;
  }

  public void setPredicate(String predicate) {
    this.predicate = predicate;
  }

  @DatabaseChangeProperty(
      description = "Rows per batch (1 to 100000), default 1000",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Integer getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(Integer batchSize) {
    this.batchSize = batchSize;
  }

  @DatabaseChangeProperty(
      description = "Pause between batches in milliseconds (0 to 60000), default 0",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Integer getPauseMillis() {
    return pauseMillis;
  }

  public void setPauseMillis(Integer pauseMillis) {
    this.pauseMillis = pauseMillis;
  }

  @DatabaseChangeProperty(
      description = "A unique, indexed column to walk; default: the one-column primary key",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getKeyColumn() {
    return keyColumn;
  }

  public void setKeyColumn(String keyColumn) {
    this.keyColumn = keyColumn;
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    if (blank(assignments)) {
      problems.add(changeName() + ": assignments is required (SQL such as status = 'active').");
    } else if (!assignments.contains("=")) {
      problems.add(
          changeName() + ": assignments '" + assignments + "' is not a SET list (column = value).");
    }
    if (predicate != null && predicate.isBlank()) {
      problems.add(changeName() + ": predicate is empty; leave it out to update every row.");
    }
    if (batchSize != null && (batchSize < 1 || batchSize > 100_000)) {
      problems.add(changeName() + ": batchSize is " + batchSize + "; it must be 1 to 100000.");
    }
    if (pauseMillis != null && (pauseMillis < 0 || pauseMillis > 60_000)) {
      problems.add(changeName() + ": pauseMillis is " + pauseMillis + "; it must be 0 to 60000.");
    }
    if (keyColumn != null) {
      required("keyColumn", keyColumn, problems);
    }
  }

  @Override
  protected List<String> existingColumns() {
    List<String> columns = new ArrayList<>();
    if (!blank(keyColumn)) {
      columns.add(keyColumn);
    }
    return columns;
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return new KeysetBackfill(
        table(),
        assignments.strip(),
        blank(predicate) ? Optional.empty() : Optional.of(predicate.strip()),
        batchSize == null ? DEFAULT_BATCH_SIZE : batchSize,
        Duration.ofMillis(pauseMillis == null ? 0 : pauseMillis),
        blank(keyColumn) ? Optional.empty() : Optional.of(keyColumn),
        retry);
  }

  @Override
  protected String summary() {
    return getTableName()
        + " SET "
        + assignments
        + (blank(predicate) ? "" : " WHERE " + predicate)
        + " in batches of "
        + (batchSize == null ? DEFAULT_BATCH_SIZE : batchSize);
  }
}
