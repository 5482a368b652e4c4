package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FOREIGN KEY or CHECK constraint added in two steps, so no lock that blocks the application is
 * held during the scan:
 *
 * <ol>
 *   <li>{@code ADD CONSTRAINT ... NOT VALID}: a short transaction under a strong lock (SHARE ROW
 *       EXCLUSIVE on both tables for a foreign key, ACCESS EXCLUSIVE for a check), with
 *       lock_timeout, retries and the watchdog. From here on, new and changed rows are checked.
 *   <li>{@code VALIDATE CONSTRAINT} in its own transaction: it scans the table under SHARE UPDATE
 *       EXCLUSIVE (and ROW SHARE on the referenced table), which blocks no reads or writes, with
 *       the long statement timeout.
 * </ol>
 *
 * A constraint of that name that is already there is not added again; one already validated makes
 * the whole operation a no-op.
 */
public final class Constraint implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(Constraint.class);

  private final TableName table;
  private final String name;
  private final String body;
  private final Optional<TableName> referenced;
  private final LockRetry retry;

  private Constraint(
      TableName table, String name, String body, Optional<TableName> referenced, LockRetry retry) {
    Identifiers.quote(name);
    this.table = table;
    this.name = name;
    this.body = body;
    this.referenced = referenced;
    this.retry = retry;
  }

  /** {@code FOREIGN KEY (columns) REFERENCES referenced (referencedColumns)}. */
  public static Constraint foreignKey(
      TableName table,
      String name,
      List<String> columns,
      TableName referenced,
      List<String> referencedColumns,
      LockRetry retry) {
    String body =
        "FOREIGN KEY ("
            + quoted(columns)
            + ") REFERENCES "
            + referenced.sql()
            + " ("
            + quoted(referencedColumns)
            + ")";
    return new Constraint(table, name, body, Optional.of(referenced), retry);
  }

  /** {@code CHECK (expression)}; the expression is SQL as the migration author wrote it. */
  public static Constraint check(
      TableName table, String name, String expressionSql, LockRetry retry) {
    return new Constraint(table, name, "CHECK (" + expressionSql + ")", Optional.empty(), retry);
  }

  static String quoted(List<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      out.add(Identifiers.quote(c));
    }
    return String.join(", ", out);
  }

  private String addSql() {
    return "ALTER TABLE "
        + table.sql()
        + " ADD CONSTRAINT "
        + Identifiers.quote(name)
        + " "
        + body
        + " NOT VALID";
  }

  private String validateSql() {
    return "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + Identifiers.quote(name);
  }

  @Override
  public List<PlanStep> plan() {
    List<PlanStep.Lock> addLocks = new ArrayList<>();
    List<PlanStep.Lock> validateLocks = new ArrayList<>();
    if (referenced.isPresent()) {
      addLocks.add(new PlanStep.Lock(table.sql(), LockMode.SHARE_ROW_EXCLUSIVE));
      addLocks.add(new PlanStep.Lock(referenced.get().sql(), LockMode.SHARE_ROW_EXCLUSIVE));
      validateLocks.add(new PlanStep.Lock(table.sql(), LockMode.SHARE_UPDATE_EXCLUSIVE));
      validateLocks.add(new PlanStep.Lock(referenced.get().sql(), LockMode.ROW_SHARE));
    } else {
      addLocks.add(new PlanStep.Lock(table.sql(), LockMode.ACCESS_EXCLUSIVE));
      validateLocks.add(new PlanStep.Lock(table.sql(), LockMode.SHARE_UPDATE_EXCLUSIVE));
    }
    return List.of(
        new PlanStep(
            addSql(),
            addLocks,
            true,
            "no scan; with lock_timeout, retries and the watchdog; skipped if it exists"),
        new PlanStep(
            validateSql(),
            validateLocks,
            true,
            "scans the table without blocking reads or writes; long statement timeout"));
  }

  @Override
  public void run(Connection connection) {
    Catalog catalog = new Catalog(connection);
    Optional<Catalog.Constraint> existing = catalog.constraint(table, name);
    if (existing.isPresent() && existing.get().validated()) {
      LOG.info(
          "pgsafe: constraint {} on {} exists and is validated; nothing to do",
          Identifiers.quoteIfNeeded(name),
          table.display());
      return;
    }
    if (existing.isEmpty()) {
      List<String> relations = new ArrayList<>(List.of(table.sql()));
      referenced.ifPresent(r -> relations.add(r.sql()));
      retry.run(
          connection,
          Unit.<Void>transaction(addSql(), c -> execute(c, addSql()))
              .withWatchdog()
              .withRelations(relations));
    } else {
      LOG.info(
          "pgsafe: constraint {} on {} exists but is NOT VALID ({}); validating it",
          Identifiers.quoteIfNeeded(name),
          table.display(),
          existing.get().definition());
    }
    try {
      retry.run(
          connection,
          Unit.<Void>transaction(validateSql(), c -> execute(c, validateSql()))
              .withLongStatementTimeout()
              .withRelations(List.of(table.sql())));
    } catch (PgsafeException e) {
      throw new PgsafeException(
          e.getMessage()
              + " The constraint "
              + Identifiers.quoteIfNeeded(name)
              + " stays in place as NOT VALID: it checks new and changed rows. Fix the rows that"
              + " break it and run again; pgsafe then only validates.",
          e);
    }
  }

  static Void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
    return null;
  }
}
