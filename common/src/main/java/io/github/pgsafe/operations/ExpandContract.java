package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.BackfillSettings;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A column rename or type change in phases, with the database keeping both columns in sync so the
 * application never has to write twice:
 *
 * <ol>
 *   <li>{@link #expand}: in one short transaction (lock_timeout, retry) add the new column, the
 *       sync trigger ({@link SyncTrigger}) and, for a type change, the two conversion functions;
 *       then fill the new column with a {@link BatchedBackfill}. Rerunning it resumes the backfill.
 *   <li>The application moves to the new column (rename) and is deployed. For a type change it
 *       keeps the column's name throughout.
 *   <li>{@link #contract}: first create on the new column what was asked for ({@link #notNull()}
 *       via {@link SafeNotNull}, {@link #index} via {@link ConcurrentIndex}, {@link #check} via
 *       {@link Constraint}, {@link #unique} via {@link UniqueConstraint}) while the trigger still
 *       syncs; then, in one short transaction, set the default, drop trigger, functions and the old
 *       column, and for a type change rename the new column to the old name.
 *   <li>{@link #abort}, instead of contract: drop trigger and the new column, and give the old
 *       column back its default. The trigger kept the old column current, so nothing written
 *       meanwhile is lost.
 * </ol>
 *
 * <p>Each phase is recorded in {@code pgsafe_expand_contract} (current schema), in the same
 * transaction as its DDL; contract and abort refuse to run out of order. Refused: primary-key
 * columns, columns of a foreign key on either side, generated columns.
 */
public final class ExpandContract {
  private static final Logger LOG = LoggerFactory.getLogger(ExpandContract.class);

  static final String STATE_TABLE = "pgsafe_expand_contract";
  static final String CREATE_SQL =
      "CREATE TABLE IF NOT EXISTS "
          + STATE_TABLE
          + " (name text PRIMARY KEY, table_name text NOT NULL, kind text NOT NULL,"
          + " old_column text NOT NULL, new_column text NOT NULL, new_type text NOT NULL,"
          + " old_default text, status text NOT NULL"
          + " CHECK (status IN ('expanding', 'expanded', 'contracted', 'aborted')),"
          + " backfill_name text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(),"
          + " updated_at timestamptz NOT NULL DEFAULT now())";

  private static final String EXPANDING = "expanding";
  private static final String EXPANDED = "expanded";
  private static final String CONTRACTED = "contracted";
  private static final String ABORTED = "aborted";

  private record CheckSpec(String name, String expressionSql) {}

  private final TableName table;
  private final String oldColumn;
  private final String newColumn;
  private final Optional<String> newType;
  private final Optional<String> toNew;
  private final Optional<String> toOld;
  private final LockRetry retry;
  private BackfillSettings backfill = BackfillSettings.defaults();
  private boolean notNull;
  private Optional<String> defaultSql = Optional.empty();
  private final List<IndexDefinition> indexes = new ArrayList<>();
  private final List<CheckSpec> checks = new ArrayList<>();
  private final List<String> uniques = new ArrayList<>();

  private ExpandContract(
      TableName table,
      String oldColumn,
      String newColumn,
      Optional<String> newType,
      Optional<String> toNew,
      Optional<String> toOld,
      LockRetry retry) {
    Identifiers.quote(oldColumn);
    Identifiers.quote(newColumn);
    if (oldColumn.equals(newColumn)) {
      throw new PgsafeException(
          "pgsafe cannot rename "
              + table.display()
              + "."
              + Identifiers.quoteIfNeeded(oldColumn)
              + " to itself; nothing was run.");
    }
    this.table = table;
    this.oldColumn = oldColumn;
    this.newColumn = newColumn;
    this.newType = newType;
    this.toNew = toNew;
    this.toOld = toOld;
    this.retry = retry;
  }

  /** Renames {@code from} to {@code to}; during the window both names read and write the same. */
  public static ExpandContract renameColumn(
      TableName table, String from, String to, LockRetry retry) {
    return new ExpandContract(
        table, from, to, Optional.empty(), Optional.empty(), Optional.empty(), retry);
  }

  /**
   * Changes the type of {@code column} to {@code newType} through a column {@code <column>_new}.
   * {@code toNewSql} converts an old value and names it {@code column} (e.g. {@code
   * "amount::numeric(12,2)"}); {@code toOldSql} converts a new value and names it {@code
   * <column>_new} (e.g. {@code "round(amount_new)::int"}). After contract the column has its old
   * name and the new type.
   */
  public static ExpandContract changeType(
      TableName table,
      String column,
      String newType,
      String toNewSql,
      String toOldSql,
      LockRetry retry) {
    return new ExpandContract(
        table,
        column,
        column + "_new",
        Optional.of(newType),
        Optional.of(toNewSql),
        Optional.of(toOldSql),
        retry);
  }

  /**
   * Changes the type of {@code column} to {@code newType} with plain casts both ways: {@code
   * CAST(column AS newType)} and, back, a cast to the column's old type as the catalog names it at
   * expand. For conversions a cast does not express (rounding, parsing), use the other {@code
   * changeType}.
   */
  public static ExpandContract changeType(
      TableName table, String column, String newType, LockRetry retry) {
    return new ExpandContract(
        table,
        column,
        column + "_new",
        Optional.of(newType),
        Optional.of("CAST(" + Identifiers.quote(column) + " AS " + newType + ")"),
        Optional.empty(),
        retry);
  }

  /** Contract makes the new column NOT NULL first (SafeNotNull). */
  public ExpandContract notNull() {
    this.notNull = true;
    return this;
  }

  /** Contract gives the new column this DEFAULT (SQL) when the trigger goes. */
  public ExpandContract withDefault(String sql) {
    this.defaultSql = Optional.of(sql);
    return this;
  }

  /** Contract builds this index (on the new column's name) with CREATE INDEX CONCURRENTLY. */
  public ExpandContract index(IndexDefinition definition) {
    indexes.add(definition);
    return this;
  }

  /** Contract adds this CHECK (on the new column's name) NOT VALID, then validates it. */
  public ExpandContract check(String name, String expressionSql) {
    checks.add(new CheckSpec(name, expressionSql));
    return this;
  }

  /** Contract adds a UNIQUE constraint on the new column, through a concurrent unique index. */
  public ExpandContract unique(String name) {
    uniques.add(name);
    return this;
  }

  /** Settings of the expand backfill. */
  public ExpandContract backfill(BackfillSettings settings) {
    this.backfill = settings;
    return this;
  }

  /** The column the application uses after contract: the new name, or the same for a type. */
  public String finalColumn() {
    return newType.isPresent() ? oldColumn : newColumn;
  }

  /** The temporary or new column pgsafe adds. */
  public String newColumn() {
    return newColumn;
  }

  /** This change's row in {@code pgsafe_expand_contract}. */
  public String name() {
    return table.sql() + ":" + oldColumn + "->" + newColumn;
  }

  private String what() {
    return (newType.isPresent()
            ? "type change of " + table.display() + "." + Identifiers.quoteIfNeeded(oldColumn)
            : "rename of "
                + table.display()
                + "."
                + Identifiers.quoteIfNeeded(oldColumn)
                + " to "
                + Identifiers.quoteIfNeeded(newColumn))
        + " ("
        + name()
        + ")";
  }

  // ---------------------------------------------------------------- expand

  public void expand(Connection connection) {
    retry.run(connection, Unit.transaction("CREATE TABLE " + STATE_TABLE, ExpandContract::create));
    Optional<String> status = status(connection);
    SyncTrigger sync;
    if (status.isEmpty() || status.get().equals(ABORTED)) {
      ColumnFacts facts = ColumnFacts.of(connection, table, oldColumn, newColumn);
      sync = trigger(facts.schema(), facts.type(), facts.defaultSql());
      String type = newType.orElse(facts.type() + facts.collation());
      retry.run(
          connection,
          Unit.<Void>transaction(
                  "expand " + what(),
                  c -> {
                    for (String sql : sync.expand()) {
                      execute(c, sql);
                    }
                    record(c, type, facts.defaultSql());
                    return null;
                  })
              .withWatchdog()
              .withRelations(List.of(table.sql())));
      LOG.info(
          "pgsafe: expand of {}: column {} added, sync trigger {} installed; backfilling",
          what(),
          Identifiers.quoteIfNeeded(newColumn),
          sync.name());
    } else if (status.get().equals(EXPANDING)) {
      sync = recordedTrigger(connection);
      LOG.info("pgsafe: expand of {} was interrupted in its backfill; resuming", what());
    } else if (status.get().equals(EXPANDED)) {
      LOG.info("pgsafe: {} is already expanded; nothing to do", what());
      return;
    } else {
      throw new PgsafeException(
          "pgsafe cannot expand "
              + what()
              + ": it was contracted already ("
              + STATE_TABLE
              + " says "
              + status.get()
              + "). Nothing was run.");
    }
    backfillOf(sync).run(connection);
    setStatus(connection, EXPANDED);
    LOG.info(
        "pgsafe: {} expanded: both columns are in sync; deploy the application, then contract",
        what());
  }

  private BatchedBackfill backfillOf(SyncTrigger sync) {
    String target = sync.toNew(sync.o());
    return BatchedBackfill.of(table, sync.n() + " = " + target, retry)
        .where(sync.n() + " IS DISTINCT FROM " + target)
        .named("expand_contract:" + name())
        .settings(backfill);
  }

  private SyncTrigger trigger(String schema, String oldType, Optional<String> oldDefault) {
    return new SyncTrigger(
        schema,
        table,
        oldColumn,
        newColumn,
        oldType,
        newType.orElse(oldType),
        toNew,
        toOldFor(oldType),
        oldDefault);
  }

  /** The new-to-old conversion; a type change without one casts back to {@code oldType}. */
  private Optional<String> toOldFor(String oldType) {
    if (toOld.isPresent() || newType.isEmpty()) {
      return toOld;
    }
    return Optional.of("CAST(" + Identifiers.quote(newColumn) + " AS " + oldType + ")");
  }

  // ---------------------------------------------------------------- plans

  /**
   * What {@link #expand} runs, for dry runs. The old column's type, schema and default are found at
   * run time; the plan names them {@code <type of column>}.
   */
  public List<PlanStep> expandPlan() {
    String oldType = "<type of " + Identifiers.quoteIfNeeded(oldColumn) + ">";
    SyncTrigger sync = trigger(table.schema().orElse(null), oldType, Optional.empty());
    List<PlanStep> steps = new ArrayList<>();
    steps.add(new PlanStep(CREATE_SQL, List.of(), true, "once; skipped if it exists"));
    for (String sql : sync.expand()) {
      List<PlanStep.Lock> locks =
          sql.startsWith("ALTER TABLE")
              ? List.of(exclusive())
              : sql.startsWith("CREATE TRIGGER")
                  ? List.of(new PlanStep.Lock(table.sql(), LockMode.SHARE_ROW_EXCLUSIVE))
                  : List.of();
      steps.add(
          new PlanStep(
              sql,
              locks,
              true,
              "one short transaction with lock_timeout and retry; the old column's DEFAULT, if"
                  + " any, moves into the trigger"));
    }
    steps.addAll(backfillOf(sync).plan());
    return steps;
  }

  /** What {@link #contract} runs, for dry runs. */
  public List<PlanStep> contractPlan() {
    SyncTrigger sync = trigger(table.schema().orElse(null), "<old type>", Optional.empty());
    List<PlanStep> steps = new ArrayList<>();
    if (notNull) {
      steps.addAll(SafeNotNull.of(table, newColumn, retry).plan());
    }
    for (IndexDefinition index : indexes) {
      steps.addAll(ConcurrentIndex.create(index, retry).plan());
    }
    for (CheckSpec check : checks) {
      steps.addAll(Constraint.check(table, check.name(), check.expressionSql(), retry).plan());
    }
    for (String unique : uniques) {
      steps.addAll(UniqueConstraint.unique(table, unique, List.of(newColumn), retry).plan());
    }
    String alter = "ALTER TABLE " + table.sql() + " ";
    List<String> sql = new ArrayList<>();
    defaultSql.ifPresent(d -> sql.add(alter + "ALTER COLUMN " + sync.n() + " SET DEFAULT " + d));
    sql.addAll(sync.drop());
    sql.add(alter + "DROP COLUMN " + sync.o());
    sql.addAll(sync.dropConversions());
    if (newType.isPresent()) {
      sql.add(alter + "RENAME COLUMN " + sync.n() + " TO " + sync.o());
    }
    steps.add(
        new PlanStep(
            String.join("; ", sql),
            List.of(exclusive()),
            true,
            "one short transaction with lock_timeout and retry; refused unless expand finished"));
    return steps;
  }

  /** What {@link #abort} runs, for dry runs. */
  public List<PlanStep> abortPlan() {
    SyncTrigger sync = trigger(table.schema().orElse(null), "<old type>", Optional.empty());
    List<String> sql = new ArrayList<>(sync.drop());
    sql.add(
        "ALTER TABLE "
            + table.sql()
            + " ALTER COLUMN "
            + sync.o()
            + " SET DEFAULT <its old default, if it had one>");
    sql.add("ALTER TABLE " + table.sql() + " DROP COLUMN IF EXISTS " + sync.n());
    sql.addAll(sync.dropConversions());
    return List.of(
        new PlanStep(
            String.join("; ", sql),
            List.of(exclusive()),
            true,
            "one short transaction with lock_timeout and retry; the old column kept every value"));
  }

  private PlanStep.Lock exclusive() {
    return new PlanStep.Lock(table.sql(), LockMode.ACCESS_EXCLUSIVE);
  }

  private SyncTrigger recordedTrigger(Connection connection) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT n.nspname, format_type(a.atttypid, a.atttypmod), e.old_default"
                + " FROM "
                + STATE_TABLE
                + " e, pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid"
                + " WHERE e.name = ? AND c.oid = to_regclass(?) AND a.attname = ?"
                + " AND NOT a.attisdropped")) {
      ps.setString(1, name());
      ps.setString(2, table.sql());
      ps.setString(3, oldColumn);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PgsafeException(
              "pgsafe cannot go on with "
                  + what()
                  + ": "
                  + STATE_TABLE
                  + " records it, but column "
                  + Identifiers.quoteIfNeeded(oldColumn)
                  + " is gone. Nothing was run. Someone changed the table by hand; fix it and"
                  + " delete the row of "
                  + name()
                  + " from "
                  + STATE_TABLE
                  + ".");
        }
        return trigger(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new PgsafeException("pgsafe could not read the state of " + what(), e);
    }
  }

  // ---------------------------------------------------------------- contract

  public void contract(Connection connection) {
    requireStatus(connection, "contract", EXPANDED);
    SyncTrigger sync = recordedTrigger(connection);
    if (notNull) {
      SafeNotNull.of(table, newColumn, retry).run(connection);
    }
    for (IndexDefinition index : indexes) {
      ConcurrentIndex.create(index, retry).run(connection);
    }
    for (CheckSpec check : checks) {
      Constraint.check(table, check.name(), check.expressionSql(), retry).run(connection);
    }
    for (String unique : uniques) {
      UniqueConstraint.unique(table, unique, List.of(newColumn), retry).run(connection);
    }
    String alter = "ALTER TABLE " + table.sql() + " ";
    retry.run(
        connection,
        Unit.<Void>transaction(
                "contract " + what(),
                c -> {
                  if (defaultSql.isPresent()) {
                    execute(
                        c, alter + "ALTER COLUMN " + sync.n() + " SET DEFAULT " + defaultSql.get());
                  }
                  for (String sql : sync.drop()) {
                    execute(c, sql);
                  }
                  execute(c, alter + "DROP COLUMN " + sync.o());
                  for (String sql : sync.dropConversions()) {
                    execute(c, sql);
                  }
                  if (newType.isPresent()) {
                    execute(c, alter + "RENAME COLUMN " + sync.n() + " TO " + sync.o());
                  }
                  update(c, CONTRACTED);
                  return null;
                })
            .withWatchdog()
            .withRelations(List.of(table.sql())));
    LOG.info("pgsafe: {} contracted: {} is the column now", what(), finalColumn());
  }

  // ---------------------------------------------------------------- abort

  public void abort(Connection connection) {
    requireStatus(connection, "abort", EXPANDING, EXPANDED);
    SyncTrigger sync = recordedTrigger(connection);
    Optional<String> oldDefault = recordedDefault(connection);
    String alter = "ALTER TABLE " + table.sql() + " ";
    retry.run(
        connection,
        Unit.<Void>transaction(
                "abort " + what(),
                c -> {
                  for (String sql : sync.drop()) {
                    execute(c, sql);
                  }
                  if (oldDefault.isPresent()) {
                    execute(
                        c, alter + "ALTER COLUMN " + sync.o() + " SET DEFAULT " + oldDefault.get());
                  }
                  execute(c, alter + "DROP COLUMN IF EXISTS " + sync.n());
                  for (String sql : sync.dropConversions()) {
                    execute(c, sql);
                  }
                  if (BackfillCheckpoint.exists(c)) {
                    BackfillCheckpoint.delete(c, "expand_contract:" + name());
                  }
                  update(c, ABORTED);
                  return null;
                })
            .withWatchdog()
            .withRelations(List.of(table.sql())));
    LOG.info(
        "pgsafe: {} aborted: {} dropped, {} is as before",
        what(),
        Identifiers.quoteIfNeeded(newColumn),
        Identifiers.quoteIfNeeded(oldColumn));
  }

  // ---------------------------------------------------------------- state

  private static Void create(Connection c) throws SQLException {
    execute(c, CREATE_SQL);
    return null;
  }

  private void record(Connection c, String type, Optional<String> oldDefault) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + STATE_TABLE
                + " (name, table_name, kind, old_column, new_column, new_type, old_default,"
                + " status, backfill_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET new_type = excluded.new_type,"
                + " old_default = excluded.old_default, status = excluded.status,"
                + " started_at = now(), updated_at = now()")) {
      ps.setString(1, name());
      ps.setString(2, table.sql());
      ps.setString(3, newType.isPresent() ? "change_type" : "rename");
      ps.setString(4, oldColumn);
      ps.setString(5, newColumn);
      ps.setString(6, type);
      ps.setString(7, oldDefault.orElse(null));
      ps.setString(8, EXPANDING);
      ps.setString(9, "expand_contract:" + name());
      ps.executeUpdate();
    }
  }

  private void update(Connection c, String status) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE " + STATE_TABLE + " SET status = ?, updated_at = now() WHERE name = ?")) {
      ps.setString(1, status);
      ps.setString(2, name());
      ps.executeUpdate();
    }
  }

  private void setStatus(Connection connection, String status) {
    retry.run(
        connection,
        Unit.<Void>transaction(
            "record " + status + " for " + what(),
            c -> {
              update(c, status);
              return null;
            }));
  }

  private Optional<String> status(Connection connection) {
    return queryState(connection, "status");
  }

  private Optional<String> recordedDefault(Connection connection) {
    return queryState(connection, "old_default");
  }

  private Optional<String> queryState(Connection connection, String column) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT "
                + Identifiers.quote(column)
                + " FROM "
                + STATE_TABLE
                + " WHERE name = ? AND to_regclass(?) IS NOT NULL")) {
      ps.setString(1, name());
      ps.setString(2, STATE_TABLE);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw new PgsafeException("pgsafe could not read " + STATE_TABLE + ": " + e.getMessage(), e);
    }
  }

  private void requireStatus(Connection connection, String phase, String... allowed) {
    Optional<String> status = status(connection);
    if (status.isPresent() && List.of(allowed).contains(status.get())) {
      return;
    }
    String now = status.map(s -> "it is " + s).orElse("it was never expanded");
    String hint =
        status.isPresent() && status.get().equals(EXPANDING)
            ? " Run expand again: it resumes its backfill."
            : status.isEmpty() || status.get().equals(ABORTED) ? " Run expand first." : "";
    throw new PgsafeException(
        "pgsafe cannot "
            + phase
            + " "
            + what()
            + ": "
            + now
            + ", and "
            + phase
            + " needs "
            + String.join(" or ", allowed)
            + " ("
            + STATE_TABLE
            + "). Nothing was run."
            + hint);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
