package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of an expand/contract window: the new column, the conversion functions and the trigger
 * that keeps old and new column in sync in both directions.
 *
 * <ul>
 *   <li>INSERT: whichever column is NULL is filled from the other. The old column's DEFAULT moves
 *       into the trigger for the window (applied when both are NULL), because a default would
 *       otherwise hide a value written only through the new name.
 *   <li>UPDATE: the column that changed wins. A new value that already equals the conversion of the
 *       old one (what the backfill writes) leaves the old column alone, so a lossy new→old
 *       conversion can never rewrite old data.
 * </ul>
 */
final class SyncTrigger {
  private static final String TAG = "$pgsafe$";

  private final String schema;
  private final TableName table;
  private final String oldColumn;
  private final String newColumn;
  private final String oldType;
  private final String newType;
  private final Optional<String> toNewSql;
  private final Optional<String> toOldSql;
  private final Optional<String> oldDefault;
  private final String name;

  SyncTrigger(
      String schema,
      TableName table,
      String oldColumn,
      String newColumn,
      String oldType,
      String newType,
      Optional<String> toNewSql,
      Optional<String> toOldSql,
      Optional<String> oldDefault) {
    for (Optional<String> sql : List.of(toNewSql, toOldSql, oldDefault)) {
      if (sql.isPresent() && sql.get().contains(TAG)) {
        throw new PgsafeException(
            "pgsafe cannot use the conversion " + sql.get() + ": it contains " + TAG + ".");
      }
    }
    this.schema = schema;
    this.table = table;
    this.oldColumn = oldColumn;
    this.newColumn = newColumn;
    this.oldType = oldType;
    this.newType = newType;
    this.toNewSql = toNewSql;
    this.toOldSql = toOldSql;
    this.oldDefault = oldDefault;
    this.name = DerivedNames.of(table.name(), oldColumn, "pgsafe_sync");
  }

  String name() {
    return name;
  }

  private String fn(String suffix) {
    return Identifiers.quoteQualified(
        schema, DerivedNames.of(table.name(), oldColumn, "pgsafe_" + suffix));
  }

  private String function() {
    return Identifiers.quoteQualified(schema, name);
  }

  /** {@code toNew(x)} as SQL: the conversion function, or {@code x} itself for a rename. */
  String toNew(String oldValue) {
    return toNewSql.isPresent() ? fn("to_new") + "(" + oldValue + ")" : oldValue;
  }

  String toOld(String newValue) {
    return toOldSql.isPresent() ? fn("to_old") + "(" + newValue + ")" : newValue;
  }

  String o() {
    return Identifiers.quote(oldColumn);
  }

  String n() {
    return Identifiers.quote(newColumn);
  }

  /** The statements of expand, in one transaction. */
  List<String> expand() {
    List<String> out = new ArrayList<>();
    out.add("ALTER TABLE " + table.sql() + " ADD COLUMN " + n() + " " + newType);
    toNewSql.ifPresent(sql -> out.add(conversion("to_new", oldColumn, oldType, newType, sql)));
    toOldSql.ifPresent(sql -> out.add(conversion("to_old", newColumn, newType, oldType, sql)));
    out.add(triggerFunction());
    out.add(
        "CREATE TRIGGER "
            + Identifiers.quote(name)
            + " BEFORE INSERT OR UPDATE ON "
            + table.sql()
            + " FOR EACH ROW EXECUTE FUNCTION "
            + function()
            + "()");
    if (oldDefault.isPresent()) {
      out.add("ALTER TABLE " + table.sql() + " ALTER COLUMN " + o() + " DROP DEFAULT");
    }
    return out;
  }

  private String conversion(String suffix, String param, String from, String to, String body) {
    return "CREATE FUNCTION "
        + fn(suffix)
        + "("
        + Identifiers.quote(param)
        + " "
        + from
        + ") RETURNS "
        + to
        + " LANGUAGE sql AS "
        + TAG
        + "SELECT "
        + body
        + TAG;
  }

  private String triggerFunction() {
    String newO = "NEW." + o();
    String newN = "NEW." + n();
    return "CREATE FUNCTION "
        + function()
        + "() RETURNS trigger LANGUAGE plpgsql AS "
        + TAG
        + " BEGIN IF TG_OP = 'INSERT' THEN "
        + oldDefault
            .map(
                d ->
                    "IF "
                        + newO
                        + " IS NULL AND "
                        + newN
                        + " IS NULL THEN "
                        + newO
                        + " := "
                        + d
                        + "; END IF; ")
            .orElse("")
        + "IF "
        + newN
        + " IS NULL THEN "
        + newN
        + " := "
        + toNew(newO)
        + "; ELSIF "
        + newO
        + " IS NULL THEN "
        + newO
        + " := "
        + toOld(newN)
        + "; END IF; ELSIF "
        + newN
        + " IS DISTINCT FROM OLD."
        + n()
        + " AND "
        + newN
        + " IS DISTINCT FROM "
        + toNew(newO)
        + " THEN "
        + newO
        + " := "
        + toOld(newN)
        + "; ELSIF "
        + newO
        + " IS DISTINCT FROM OLD."
        + o()
        + " THEN "
        + newN
        + " := "
        + toNew(newO)
        + "; END IF; RETURN NEW; END "
        + TAG;
  }

  /** Drops the trigger and the functions (contract and abort). */
  List<String> drop() {
    List<String> out = new ArrayList<>();
    out.add("DROP TRIGGER IF EXISTS " + Identifiers.quote(name) + " ON " + table.sql());
    out.add("DROP FUNCTION IF EXISTS " + function() + "()");
    return out;
  }

  /** Drops the conversion functions, once no column default or trigger uses them. */
  List<String> dropConversions() {
    List<String> out = new ArrayList<>();
    if (toNewSql.isPresent()) {
      out.add("DROP FUNCTION IF EXISTS " + fn("to_new") + "(" + oldType + ")");
    }
    if (toOldSql.isPresent()) {
      out.add("DROP FUNCTION IF EXISTS " + fn("to_old") + "(" + newType + ")");
    }
    return out;
  }
}
