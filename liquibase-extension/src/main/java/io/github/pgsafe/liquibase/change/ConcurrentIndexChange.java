package io.github.pgsafe.liquibase.change;

import io.github.pgsafe.operations.ConcurrentIndex;
import io.github.pgsafe.operations.IndexDefinition;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;

/**
 * {@code CREATE [UNIQUE] INDEX CONCURRENTLY}: builds an index without blocking writes, cleans up
 * the INVALID index a failed build leaves, and is a no-op if the identical index exists. Rollback
 * drops it concurrently.
 */
@DatabaseChange(
    name = "concurrentIndex",
    description =
        "Creates an index with CREATE INDEX CONCURRENTLY (no write lock), with lock_timeout,"
            + " retries and cleanup of INVALID indexes. Needs runInTransaction=\"false\".",
    priority = ChangeMetaData.PRIORITY_DEFAULT,
    appliesTo = "index")
public class ConcurrentIndexChange extends PgsafeChange {
  private String indexName;
  private String columns;
  private Boolean unique;
  private String where;
  private String include;
  private String using;

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

  @DatabaseChangeProperty(
      description =
          "Key columns and expressions, comma-separated: plain names are columns, anything else"
              + " is an expression (lower(email))",
      requiredForDatabase = "all",
      supportsDatabase = "postgresql")
  public String getColumns() {
    return columns;
  }

  public void setColumns(String columns) {
    this.columns = columns;
  }

  @DatabaseChangeProperty(
      description = "UNIQUE index",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public Boolean getUnique() {
    return unique;
  }

  public void setUnique(Boolean unique) {
    this.unique = unique;
  }

  @DatabaseChangeProperty(
      description = "Predicate of a partial index, as SQL",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getWhere() {
    return where;
  }

  public void setWhere(String where) {
    this.where = where;
  }

  @DatabaseChangeProperty(
      description = "INCLUDE columns, comma-separated",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getInclude() {
    return include;
  }

  public void setInclude(String include) {
    this.include = include;
  }

  @DatabaseChangeProperty(
      description = "Index method: btree, hash, gin, gist, brin, spgist",
      requiredForDatabase = "none",
      supportsDatabase = "postgresql")
  public String getUsing() {
    return using;
  }

  public void setUsing(String using) {
    this.using = using;
  }

  @Override
  protected void checkAttributes(List<String> problems) {
    required("indexName", indexName, problems);
    if (blank(columns)) {
      problems.add(
          changeName() + ": columns is required (comma-separated columns or expressions).");
    } else {
      for (String part : SqlList.split(columns)) {
        if (part.isEmpty()) {
          problems.add(changeName() + ": columns '" + columns + "' has an empty entry.");
        }
      }
    }
    if (include != null) {
      columnList("include", include, problems);
    }
    if (using != null && !SqlList.isPlainName(using.strip())) {
      problems.add(changeName() + ": using '" + using + "' is not an index method name.");
    }
    if (where != null && where.isBlank()) {
      problems.add(changeName() + ": where is empty; leave it out for a full index.");
    }
  }

  IndexDefinition definition() {
    IndexDefinition d = IndexDefinition.on(table(), indexName);
    for (String part : SqlList.split(columns)) {
      d = SqlList.isPlainName(part) ? d.column(part) : d.expression(stripParens(part));
    }
    if (Boolean.TRUE.equals(unique)) {
      d = d.asUnique();
    }
    if (!blank(using)) {
      d = d.using(using.strip().toLowerCase(java.util.Locale.ROOT));
    }
    if (!blank(include)) {
      d = d.include(SqlList.split(include).toArray(String[]::new));
    }
    if (!blank(where)) {
      d = d.where(where.strip());
    }
    return d;
  }

  private static String stripParens(String expression) {
    String e = expression.strip();
    return e.startsWith("(") && e.endsWith(")") ? e.substring(1, e.length() - 1) : e;
  }

  @Override
  protected List<String> existingColumns() {
    List<String> out = new ArrayList<>();
    for (String part : SqlList.split(columns)) {
      if (SqlList.isPlainName(part)) {
        out.add(part);
      }
    }
    out.addAll(names(include));
    return out;
  }

  @Override
  protected SafeOperation operation(LockRetry retry) {
    return ConcurrentIndex.create(definition(), retry);
  }

  @Override
  protected SafeOperation inverse(LockRetry retry) {
    return ConcurrentIndex.drop(indexName(), retry);
  }

  private TableName indexName() {
    return blank(getSchemaName())
        ? TableName.of(indexName)
        : TableName.of(getSchemaName(), indexName);
  }

  @Override
  protected String summary() {
    return (Boolean.TRUE.equals(unique) ? "unique index " : "index ")
        + indexName
        + " on "
        + getTableName()
        + " ("
        + columns
        + ") built concurrently";
  }
}
