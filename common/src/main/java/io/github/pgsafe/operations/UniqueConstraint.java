package io.github.pgsafe.operations;

import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UNIQUE or PRIMARY KEY constraint without building its index under a lock: the unique index is
 * built concurrently ({@link ConcurrentIndex}), then {@code ADD CONSTRAINT ... USING INDEX} turns
 * it into the constraint in a brief ACCESS EXCLUSIVE transaction (no scan). For a primary key the
 * columns are made NOT NULL first ({@link SafeNotNull}): otherwise {@code PRIMARY KEY USING INDEX}
 * would do it with a scan under ACCESS EXCLUSIVE.
 */
public final class UniqueConstraint implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(UniqueConstraint.class);

  private final TableName table;
  private final String name;
  private final List<String> columns;
  private final boolean primaryKey;
  private final LockRetry retry;

  private UniqueConstraint(
      TableName table, String name, List<String> columns, boolean primaryKey, LockRetry retry) {
    Identifiers.quote(name);
    this.table = table;
    this.name = name;
    this.columns = List.copyOf(columns);
    this.primaryKey = primaryKey;
    this.retry = retry;
  }

  public static UniqueConstraint unique(
      TableName table, String name, List<String> columns, LockRetry retry) {
    return new UniqueConstraint(table, name, columns, false, retry);
  }

  public static UniqueConstraint primaryKey(
      TableName table, String name, List<String> columns, LockRetry retry) {
    return new UniqueConstraint(table, name, columns, true, retry);
  }

  private ConcurrentIndex index() {
    return ConcurrentIndex.create(
        IndexDefinition.on(table, name).column(columns.toArray(String[]::new)).asUnique(), retry);
  }

  private String addSql() {
    return "ALTER TABLE "
        + table.sql()
        + " ADD CONSTRAINT "
        + Identifiers.quote(name)
        + (primaryKey ? " PRIMARY KEY" : " UNIQUE")
        + " USING INDEX "
        + Identifiers.quote(name);
  }

  @Override
  public List<PlanStep> plan() {
    List<PlanStep> steps = new ArrayList<>();
    if (primaryKey) {
      for (String column : columns) {
        steps.addAll(SafeNotNull.of(table, column, retry).plan());
      }
    }
    steps.addAll(index().plan());
    steps.add(
        new PlanStep(
            addSql(),
            List.of(new PlanStep.Lock(table.sql(), LockMode.ACCESS_EXCLUSIVE)),
            true,
            "no scan: the index is already built; skipped if the constraint exists"));
    return steps;
  }

  @Override
  public void run(Connection connection) {
    Catalog catalog = new Catalog(connection);
    if (catalog.constraint(table, name).isPresent()) {
      LOG.info(
          "pgsafe: constraint {} on {} already exists; nothing to do",
          Identifiers.quoteIfNeeded(name),
          table.display());
      return;
    }
    if (primaryKey) {
      for (String column : columns) {
        SafeNotNull.of(table, column, retry).run(connection);
      }
    }
    index().run(connection);
    retry.run(
        connection,
        Unit.<Void>transaction(addSql(), c -> Constraint.execute(c, addSql()))
            .withWatchdog()
            .withRelations(List.of(table.sql())));
    LOG.info(
        "pgsafe: constraint {} on {} added using its concurrently built index",
        Identifiers.quoteIfNeeded(name),
        table.display());
  }
}
