package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.BatchedBackfill;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import java.time.Duration;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.changelog.ChangeSet;

/**
 * An UPDATE of a whole table in small committed batches along its key: pgsafe-common's {@link
 * BatchedBackfill}. Its work runs only on update; validate and update-sql only print, as SQL
 * comments, what it would run. Progress is recorded in {@code pgsafe_backfill} under the
 * changeset's identity, so a run that stopped resumes after its last committed batch when Liquibase
 * runs the changeset again. No automatic rollback (data changes cannot be undone by pgsafe); give a
 * {@code <rollback>} if you need one.
 */
@DatabaseChange(
    name = "batchedBackfill",
    description =
        "Updates rows in small committed batches that walk the primary key up to the bound taken"
            + " at the start. Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "table")
public class BatchedBackfillChange extends PgsafeChange {
  private static final long MAX_PAUSE_MILLIS =
      BackfillSettings.PAUSE.max().orElseThrow().toMillis();

  private String assignments;
  private String predicate;
  private Integer batchSize;
  private Integer pauseMillis;

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
      description =
          "Rows per batch, fixed (1 to 1000000); by default the size adapts so that a batch"
              + " takes about 50 ms",
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
    checkBatchSize(batchSize, problems);
    if (pauseMillis != null && (pauseMillis < 0 || pauseMillis > MAX_PAUSE_MILLIS)) {
      problems.add(
          changeName()
              + ": pauseMillis is "
              + pauseMillis
              + "; it must be 0 to "
              + MAX_PAUSE_MILLIS
              + ".");
    }
  }

  /** The backfill settings: pgsafe's defaults with this change's batchSize and pauseMillis. */
  static BackfillSettings settings(Integer batchSize, Integer pauseMillis) {
    BackfillSettings settings = BackfillSettings.defaults();
    if (batchSize != null) {
      settings = settings.withBatchSize(batchSize);
    }
    if (pauseMillis != null) {
      settings = settings.withPause(Duration.ofMillis(pauseMillis));
    }
    return settings;
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    BatchedBackfill backfill =
        BatchedBackfill.of(table(), assignments.strip(), retry)
            .settings(settings(batchSize, pauseMillis));
    if (!blank(predicate)) {
      backfill = backfill.where(predicate.strip());
    }
    ChangeSet changeSet = getChangeSet();
    return changeSet == null ? backfill : backfill.named("liquibase:" + identity(changeSet));
  }

  @Override
  protected String summary() {
    return getTableName()
        + " SET "
        + assignments
        + (blank(predicate) ? "" : " WHERE " + predicate)
        + (batchSize == null ? " in adaptive batches" : " in batches of " + batchSize);
  }
}
