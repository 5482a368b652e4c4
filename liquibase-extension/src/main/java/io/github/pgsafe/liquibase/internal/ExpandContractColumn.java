package io.github.pgsafe.liquibase.internal;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.operations.PlanStep;
import io.github.pgsafe.operations.SafeOperation;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A column rename or type change in phases, so old and new application code both work in between:
 *
 * <ol>
 *   <li><b>expand</b>: add the new column (metadata only, with lock_timeout), a trigger that keeps
 *       the two columns equal on every INSERT and UPDATE, and a batched backfill of the existing
 *       rows. Deploy the application that uses the new column.
 *   <li><b>contract</b>: drop the trigger and the old column (for a type change, also rename the
 *       new column to the old name), in one short transaction with lock_timeout.
 *   <li><b>abort</b>, instead of contract: drop the trigger and the new column; the old column was
 *       kept up to date all along, so nothing is lost.
 * </ol>
 *
 * NOT NULL, defaults and indexes of the old column are not copied; add them to the new column with
 * safeNotNull and concurrentIndex between expand and contract. Stand-in for the runtime's
 * ExpandContract until it lands in pgsafe-common.
 */
public final class ExpandContractColumn implements SafeOperation {
  /** Which deployment this is. */
  public enum Phase {
    EXPAND,
    CONTRACT,
    ABORT;

    public static Optional<Phase> parse(String text) {
      for (Phase phase : values()) {
        if (phase.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return Optional.of(phase);
        }
      }
      return Optional.empty();
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final TableName table;
  private final String oldColumn;
  private final String newColumn;
  private final Optional<String> newType;
  private final Phase phase;
  private final int batchSize;
  private final LockRetry retry;

  /**
   * @param newType empty for a rename (same type); for a type change, the new type, and {@code
   *     newColumn} is the temporary column that takes the old name at contract
   */
  public ExpandContractColumn(
      TableName table,
      String oldColumn,
      String newColumn,
      Optional<String> newType,
      Phase phase,
      int batchSize,
      LockRetry retry) {
    this.table = table;
    this.oldColumn = oldColumn;
    this.newColumn = newColumn;
    this.newType = newType;
    this.phase = phase;
    this.batchSize = batchSize;
    this.retry = retry;
  }

  private String function() {
    String name = Identifiers.truncateToLimit("pgsafe_sync_" + table.name() + "_" + newColumn);
    return Identifiers.quoteQualified(table.schema().orElse(null), name);
  }

  private String trigger() {
    return Identifiers.quote(Identifiers.truncateToLimit("pgsafe_sync_" + newColumn));
  }

  private String o() {
    return Identifiers.quote(oldColumn);
  }

  private String n() {
    return Identifiers.quote(newColumn);
  }

  private String toNew(String value) {
    return newType.map(t -> "(" + value + ")::" + t).orElse(value);
  }

  private String functionSql(String oldType) {
    String toOld = newType.isPresent() ? "(NEW." + n() + ")::" + oldType : "NEW." + n();
    return "CREATE OR REPLACE FUNCTION "
        + function()
        + "() RETURNS trigger LANGUAGE plpgsql AS $pgsafe$ BEGIN IF TG_OP = 'INSERT' THEN IF NEW."
        + n()
        + " IS NULL THEN NEW."
        + n()
        + " := "
        + toNew("NEW." + o())
        + "; ELSIF NEW."
        + o()
        + " IS NULL THEN NEW."
        + o()
        + " := "
        + toOld
        + "; END IF; ELSIF NEW."
        + n()
        + " IS DISTINCT FROM OLD."
        + n()
        + " THEN NEW."
        + o()
        + " := "
        + toOld
        + "; ELSE NEW."
        + n()
        + " := "
        + toNew("NEW." + o())
        + "; END IF; RETURN NEW; END $pgsafe$";
  }

  private String addColumnSql(String type) {
    return "ALTER TABLE " + table.sql() + " ADD COLUMN " + n() + " " + newType.orElse(type);
  }

  private String triggerSql() {
    return "CREATE TRIGGER "
        + trigger()
        + " BEFORE INSERT OR UPDATE ON "
        + table.sql()
        + " FOR EACH ROW EXECUTE FUNCTION "
        + function()
        + "()";
  }

  private List<String> dropSyncSql() {
    return List.of(
        "DROP TRIGGER IF EXISTS " + trigger() + " ON " + table.sql(),
        "DROP FUNCTION IF EXISTS " + function() + "()");
  }

  private List<String> contractSql() {
    List<String> sql = new ArrayList<>(dropSyncSql());
    sql.add("ALTER TABLE " + table.sql() + " DROP COLUMN " + o());
    if (newType.isPresent()) {
      sql.add("ALTER TABLE " + table.sql() + " RENAME COLUMN " + n() + " TO " + o());
    }
    return sql;
  }

  private List<String> abortSql() {
    List<String> sql = new ArrayList<>(dropSyncSql());
    sql.add("ALTER TABLE " + table.sql() + " DROP COLUMN IF EXISTS " + n());
    return sql;
  }

  private KeysetBackfill backfill() {
    return new KeysetBackfill(
        table,
        n() + " = " + toNew("t." + o()),
        Optional.of(n() + " IS DISTINCT FROM " + toNew(o())),
        batchSize,
        Duration.ZERO,
        Optional.empty(),
        retry);
  }

  @Override
  public List<PlanStep> plan() {
    List<PlanStep.Lock> exclusive =
        List.of(new PlanStep.Lock(table.sql(), LockMode.ACCESS_EXCLUSIVE));
    List<PlanStep> steps = new ArrayList<>();
    switch (phase) {
      case EXPAND -> {
        steps.add(
            new PlanStep(
                addColumnSql("<type of " + oldColumn + ">"), exclusive, true, "metadata only"));
        steps.add(new PlanStep(functionSql("<type of " + oldColumn + ">"), List.of(), true, ""));
        steps.add(
            new PlanStep(
                triggerSql(),
                List.of(new PlanStep.Lock(table.sql(), LockMode.SHARE_ROW_EXCLUSIVE)),
                true,
                "brief; from here on both columns stay equal"));
        steps.addAll(backfill().plan());
      }
      case CONTRACT ->
          steps.add(
              new PlanStep(
                  String.join("; ", contractSql()),
                  exclusive,
                  true,
                  "one short transaction; deploy the application that no longer uses "
                      + oldColumn
                      + " first"));
      case ABORT ->
          steps.add(
              new PlanStep(
                  String.join("; ", abortSql()),
                  exclusive,
                  true,
                  "one short transaction; " + oldColumn + " keeps every value"));
    }
    return steps;
  }

  @Override
  public void run(Connection connection) {
    switch (phase) {
      case EXPAND -> expand(connection);
      case CONTRACT -> transaction(connection, "contract " + describe(), contractSql());
      case ABORT -> transaction(connection, "abort " + describe(), abortSql());
    }
  }

  private String describe() {
    return table.display() + "." + oldColumn + " -> " + newColumn;
  }

  private void expand(Connection connection) {
    String oldType = columnType(connection, oldColumn);
    if (oldType == null) {
      throw new PgsafeException(
          "pgsafe found no column "
              + oldColumn
              + " in "
              + table.display()
              + "; nothing was changed.");
    }
    List<String> sql = new ArrayList<>();
    if (columnType(connection, newColumn) == null) {
      sql.add(addColumnSql(oldType));
    }
    sql.add(functionSql(oldType));
    sql.add("DROP TRIGGER IF EXISTS " + trigger() + " ON " + table.sql());
    sql.add(triggerSql());
    transaction(connection, "expand " + describe(), sql);
    backfill().run(connection);
  }

  private void transaction(Connection connection, String description, List<String> sql) {
    retry.run(
        connection,
        Unit.<Void>transaction(
                description,
                c -> {
                  try (Statement st = c.createStatement()) {
                    for (String s : sql) {
                      st.execute(s);
                    }
                  }
                  return null;
                })
            .withRelations(List.of(table.sql())));
  }

  private String columnType(Connection connection, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                + " to_regclass(?) AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, table.sql());
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new PgsafeException(
          "pgsafe could not read column "
              + column
              + " of "
              + table.display()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
