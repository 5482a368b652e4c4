package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.ConcurrentIndex;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/** {@code DROP INDEX CONCURRENTLY IF EXISTS}, with lock_timeout and retries. No rollback. */
@DatabaseChange(
    name = "dropIndexConcurrently",
    description =
        "Drops an index with DROP INDEX CONCURRENTLY (no write lock). Needs"
            + " runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "index")
public class DropIndexConcurrentlyChange extends PgsafeChange {
  private String indexName;

  @DatabaseChangeProperty(
      description = "Name of the index",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getIndexName() {
    return indexName;
  }

  public void setIndexName(String indexName) {
    this.indexName = indexName;
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    required("indexName", indexName, problems);
  }

  private TableName index() {
    return blank(getSchemaName())
        ? TableName.of(indexName)
        : TableName.of(getSchemaName(), indexName);
  }

  @Override
  protected void moreCatalogProblems(
      Connection connection, Set<String> createdInRun, List<String> problems) throws SQLException {
    if (!createdInRun.contains("index:" + indexName.toLowerCase(java.util.Locale.ROOT))
        && relation(connection, index().sql()).isEmpty()) {
      problems.add(changeName() + ": index " + index().display() + " does not exist.");
    }
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return ConcurrentIndex.drop(index(), retry);
  }

  @Override
  protected String summary() {
    return "index " + indexName + " on " + getTableName() + " dropped concurrently";
  }
}
