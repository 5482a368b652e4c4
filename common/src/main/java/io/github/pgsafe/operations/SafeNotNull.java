package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SET NOT NULL} without scanning the table under ACCESS EXCLUSIVE:
 *
 * <ol>
 *   <li>{@code ADD CONSTRAINT <table>_<column>_not_null CHECK (column IS NOT NULL) NOT VALID}
 *       (ACCESS EXCLUSIVE, brief);
 *   <li>{@code VALIDATE CONSTRAINT} (SHARE UPDATE EXCLUSIVE: the scan blocks nobody);
 *   <li>{@code SET NOT NULL}, which PostgreSQL 12+ proves from the validated check without a scan,
 *       and {@code DROP CONSTRAINT}, together in one brief ACCESS EXCLUSIVE transaction.
 * </ol>
 *
 * On PostgreSQL 11 and older SET NOT NULL would scan under ACCESS EXCLUSIVE, so pgsafe stops after
 * step 2 and keeps the validated check, which enforces the same rule, and says so. Every step has
 * lock_timeout and retries; steps already done are skipped, so a rerun picks up where a failed run
 * stopped.
 */
public final class SafeNotNull implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(SafeNotNull.class);
  private static final int SCANLESS_SET_NOT_NULL_SINCE = 12;

  private final TableName table;
  private final String column;
  private final String checkName;
  private final LockRetry retry;

  private SafeNotNull(TableName table, String column, LockRetry retry) {
    Identifiers.quote(column);
    this.table = table;
    this.column = column;
    this.checkName = DerivedNames.of(table.name(), column, "not_null");
    this.retry = retry;
  }

  public static SafeNotNull of(TableName table, String column, LockRetry retry) {
    return new SafeNotNull(table, column, retry);
  }

  /** The helper check constraint's name: {@code <table>_<column>_not_null}, cut to 63 bytes. */
  public String checkName() {
    return checkName;
  }

  private String alter() {
    return "ALTER TABLE " + table.sql() + " ";
  }

  private String addSql() {
    return alter()
        + "ADD CONSTRAINT "
        + Identifiers.quote(checkName)
        + " CHECK ("
        + Identifiers.quote(column)
        + " IS NOT NULL) NOT VALID";
  }

  private String validateSql() {
    return alter() + "VALIDATE CONSTRAINT " + Identifiers.quote(checkName);
  }

  private String setNotNullSql() {
    return alter() + "ALTER COLUMN " + Identifiers.quote(column) + " SET NOT NULL";
  }

  private String dropSql() {
    return alter() + "DROP CONSTRAINT " + Identifiers.quote(checkName);
  }

  @Override
  public List<PlanStep> plan() {
    PlanStep.Lock exclusive = new PlanStep.Lock(table.sql(), LockMode.ACCESS_EXCLUSIVE);
    return List.of(
        new PlanStep(addSql(), List.of(exclusive), true, "no scan; skipped if it exists"),
        new PlanStep(
            validateSql(),
            List.of(new PlanStep.Lock(table.sql(), LockMode.SHARE_UPDATE_EXCLUSIVE)),
            true,
            "scans without blocking reads or writes"),
        new PlanStep(
            setNotNullSql(),
            List.of(exclusive),
            true,
            "no scan on PostgreSQL 12+ thanks to the validated check; same transaction as the"
                + " next step; on PostgreSQL 11 and older this and the next step are skipped and"
                + " the check stays"),
        new PlanStep(dropSql(), List.of(exclusive), true, "same transaction as SET NOT NULL"));
  }

  @Override
  public void run(Connection connection) {
    Catalog catalog = new Catalog(connection);
    if (catalog.isNotNull(table, column)) {
      LOG.info(
          "pgsafe: column {} of {} is already NOT NULL; nothing to do",
          Identifiers.quoteIfNeeded(column),
          table.display());
      return;
    }
    Optional<Catalog.Constraint> check = catalog.constraint(table, checkName);
    if (check.isPresent() && !catalog.isNotNullCheck(table, checkName, column)) {
      throw new PgsafeException(
          "pgsafe cannot make "
              + table.display()
              + "."
              + Identifiers.quoteIfNeeded(column)
              + " NOT NULL: constraint "
              + Identifiers.quoteIfNeeded(checkName)
              + " exists but is not the check pgsafe uses ("
              + check.get().definition()
              + "). Nothing was changed. Rename or drop that constraint and run again.");
    }
    List<String> relations = List.of(table.sql());
    if (check.isEmpty()) {
      retry.run(
          connection,
          Unit.<Void>transaction(addSql(), c -> Constraint.execute(c, addSql()))
              .withWatchdog()
              .withRelations(relations));
    }
    if (check.isEmpty() || !check.get().validated()) {
      try {
        retry.run(
            connection,
            Unit.<Void>transaction(validateSql(), c -> Constraint.execute(c, validateSql()))
                .withLongStatementTimeout()
                .withRelations(relations));
      } catch (PgsafeException e) {
        throw new PgsafeException(
            e.getMessage()
                + " The check "
                + Identifiers.quoteIfNeeded(checkName)
                + " stays in place as NOT VALID, so new rows must have "
                + Identifiers.quoteIfNeeded(column)
                + "; fill in the NULLs and run again.",
            e);
      }
    }
    int major = catalog.serverMajorVersion();
    if (major < SCANLESS_SET_NOT_NULL_SINCE) {
      LOG.info(
          "pgsafe: PostgreSQL {} would scan {} under ACCESS EXCLUSIVE for SET NOT NULL; keeping"
              + " the validated check {} instead, which enforces the same rule. Run SET NOT NULL"
              + " after upgrading to PostgreSQL 12 or later.",
          major,
          table.display(),
          Identifiers.quoteIfNeeded(checkName));
      return;
    }
    retry.run(
        connection,
        Unit.<Void>transaction(
                setNotNullSql(),
                c -> {
                  Constraint.execute(c, setNotNullSql());
                  return Constraint.execute(c, dropSql());
                })
            .withWatchdog()
            .withRelations(relations));
    LOG.info(
        "pgsafe: column {} of {} is NOT NULL", Identifiers.quoteIfNeeded(column), table.display());
  }
}
