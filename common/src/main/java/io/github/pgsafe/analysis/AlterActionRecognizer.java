package io.github.pgsafe.analysis;

import io.github.pgsafe.analysis.Detail.ConstraintType;
import io.github.pgsafe.analysis.Detail.Generation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises one action of {@code ALTER TABLE | INDEX | VIEW | MATERIALIZED VIEW} and works out its
 * locks and effects, as PostgreSQL's {@code AlterTableGetLockLevel} and the action's code do.
 */
final class AlterActionRecognizer {

  /** What the altered relation is; some actions lock differently on indexes and views. */
  enum RelationKind {
    TABLE,
    INDEX,
    VIEW,
    MATERIALIZED_VIEW
  }

  /** Storage parameters that SET/RESET change under SHARE UPDATE EXCLUSIVE (reloptions.c). */
  private static final Set<String> LIGHT_TABLE_OPTIONS =
      Set.of(
          "fillfactor",
          "toast_tuple_target",
          "parallel_workers",
          "log_autovacuum_min_duration",
          "vacuum_index_cleanup",
          "vacuum_truncate",
          "autovacuum_enabled");

  private static final Set<String> LIGHT_INDEX_OPTIONS =
      Set.of(
          "fillfactor",
          "fastupdate",
          "gin_pending_list_limit",
          "pages_per_range",
          "autosummarize",
          "deduplicate_items");

  private final RelationName relation;
  private final RelationKind relationKind;
  private final PgVersion version;
  private final ScriptContext context;
  private final Set<PgFeature> features;

  // State of the action being recognised.
  private AlterActionKind kind;
  private EnumSet<Flag> flags;
  private Detail detail;
  private Footprint footprint;

  AlterActionRecognizer(
      RelationName relation,
      RelationKind relationKind,
      PgVersion version,
      ScriptContext context,
      Set<PgFeature> features) {
    this.relation = relation;
    this.relationKind = relationKind;
    this.version = version;
    this.context = context;
    this.features = features;
  }

  AlterAction recognise(TokenCursor a) {
    kind = AlterActionKind.UNRECOGNISED;
    flags = EnumSet.noneOf(Flag.class);
    detail = Detail.NONE;
    footprint = new Footprint();
    int from = a.position();
    String word = a.isIdentifier() ? a.peek().identifierValue() : "";
    a.next();
    boolean known =
        switch (word) {
          case "add" -> add(a);
          case "drop" -> drop(a);
          case "alter" -> alter(a);
          case "rename" -> rename(a);
          case "set" -> set(a);
          case "reset" -> options(a, AlterActionKind.RESET_OPTIONS);
          case "validate" -> validate(a);
          case "enable" -> enableOrDisable(a, true);
          case "disable" -> enableOrDisable(a, false);
          case "force" -> rowLevelSecurity(a, AlterActionKind.FORCE_ROW_LEVEL_SECURITY);
          case "no" -> no(a);
          case "attach" -> attach(a);
          case "detach" -> detach(a);
          case "owner" -> named(a, "to", AlterActionKind.OWNER_TO, LockMode.ACCESS_EXCLUSIVE);
          case "cluster" ->
              named(a, "on", AlterActionKind.CLUSTER_ON, LockMode.SHARE_UPDATE_EXCLUSIVE);
          case "inherit" -> inherit(a, AlterActionKind.INHERIT);
          case "of" -> simple(AlterActionKind.OF_TYPE, LockMode.ACCESS_EXCLUSIVE);
          case "not" -> a.accept("of") && simple(AlterActionKind.NOT_OF, LockMode.ACCESS_EXCLUSIVE);
          case "replica" ->
              a.accept("identity")
                  && simple(AlterActionKind.REPLICA_IDENTITY, LockMode.ACCESS_EXCLUSIVE);
          case "depends" -> simple(AlterActionKind.DEPENDS_ON_EXTENSION, LockMode.ACCESS_EXCLUSIVE);
          default -> false;
        };
    if (!known) {
      kind = AlterActionKind.UNRECOGNISED;
      detail = Detail.NONE;
      footprint = new Footprint();
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      footprint.worstCase(relation, Effect.REWRITE);
    }
    return new AlterAction(
        kind, a.text(from, a.end()), flags, detail, footprint.locks(), footprint.effects());
  }

  private boolean simple(AlterActionKind actionKind, LockMode mode) {
    kind = actionKind;
    footprint.lock(relation, mode);
    return true;
  }

  private boolean named(TokenCursor a, String keyword, AlterActionKind actionKind, LockMode mode) {
    if (!a.accept(keyword)) {
      return false;
    }
    String name = a.identifier();
    if (name == null) {
      return false;
    }
    detail = new Detail.Name(name);
    return simple(actionKind, mode);
  }

  // ---- ADD ----

  private boolean add(TokenCursor a) {
    if (a.accept("column")) {
      return addColumn(a);
    }
    if (a.is("constraint")
        || a.is("check")
        || a.is("unique")
        || a.is("primary")
        || a.is("foreign")
        || a.is("exclude")
        || (a.is("not") && a.is(1, "null"))) {
      return addConstraint(a);
    }
    return addColumn(a);
  }

  private boolean addColumn(TokenCursor a) {
    kind = AlterActionKind.ADD_COLUMN;
    if (a.acceptIfNotExists()) {
      flags.add(Flag.IF_NOT_EXISTS);
    }
    String column = a.identifier();
    if (column == null) {
      return false;
    }
    int typeStart = a.position();
    int typeEnd =
        a.findAtDepthZero(
            "constraint",
            "not",
            "null",
            "default",
            "check",
            "unique",
            "primary",
            "references",
            "generated",
            "collate",
            "compression",
            "storage");
    String type = a.text(typeStart, typeEnd);
    a.seek(typeEnd);
    ColumnConstraints cc = columnConstraints(a);
    Generation generation = isSerial(type) ? Generation.IDENTITY : cc.generation;
    detail =
        new Detail.Column(
            column,
            Optional.of(type),
            Optional.ofNullable(cc.defaultValue),
            Optional.empty(),
            cc.notNull,
            generation);
    footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
    boolean rewrite = generation == Generation.STORED || generation == Generation.IDENTITY;
    if (cc.defaultValue != null) {
      features.add(PgFeature.FAST_ADD_COLUMN_DEFAULT);
      rewrite |= cc.defaultValue.isVolatile() || !version.has(PgFeature.FAST_ADD_COLUMN_DEFAULT);
    }
    if (cc.references != null) {
      footprint.lock(cc.references, LockMode.SHARE_ROW_EXCLUSIVE);
    }
    if (rewrite) {
      footprint.effect(relation, Effect.REWRITE);
    } else if (cc.indexed) {
      footprint.effect(relation, Effect.INDEX_BUILD);
    } else if (cc.check || (cc.notNull && cc.defaultValue == null)) {
      footprint.effect(relation, Effect.SCAN);
    } else if (cc.references != null) {
      footprint.worstCase(relation, Effect.SCAN);
    }
    return true;
  }

  private static boolean isSerial(String type) {
    return switch (type.toLowerCase(java.util.Locale.ROOT)) {
      case "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8" -> true;
      default -> false;
    };
  }

  /** What the column constraints of a column definition say. */
  private static final class ColumnConstraints {
    boolean notNull;
    boolean check;
    boolean indexed;
    RelationName references;
    Expression defaultValue;
    Generation generation = Generation.NONE;
  }

  private static ColumnConstraints columnConstraints(TokenCursor a) {
    ColumnConstraints cc = new ColumnConstraints();
    while (!a.atEnd()) {
      if (a.accept("constraint")) {
        a.identifier();
      } else if (a.accept("not", "null")) {
        cc.notNull = true;
      } else if (a.accept("default")) {
        int start = a.position();
        int stop =
            a.findAtDepthZero(
                "constraint",
                "not",
                "check",
                "unique",
                "primary",
                "references",
                "generated",
                "collate");
        if (stop == start && a.is("null")) {
          stop++;
        }
        cc.defaultValue =
            new Expression(a.text(start, stop), ExpressionVolatility.of(a, start, stop));
        a.seek(stop);
      } else if (a.accept("check")) {
        cc.check = true;
        a.skipParens();
      } else if (a.accept("unique")) {
        cc.indexed = true;
      } else if (a.accept("primary", "key")) {
        cc.indexed = true;
        cc.notNull = true;
      } else if (a.accept("references")) {
        cc.references = a.relationName().orElse(null);
        a.skipParens();
      } else if (a.accept("generated")) {
        generated(a, cc);
      } else {
        a.next();
      }
    }
    return cc;
  }

  private static void generated(TokenCursor a, ColumnConstraints cc) {
    if (!a.accept("always")) {
      a.accept("by", "default");
    }
    a.accept("as");
    if (a.accept("identity")) {
      cc.generation = Generation.IDENTITY;
      a.skipParens();
      return;
    }
    a.skipParens();
    cc.generation = a.accept("stored") ? Generation.STORED : Generation.VIRTUAL;
  }

  private boolean addConstraint(TokenCursor a) {
    kind = AlterActionKind.ADD_CONSTRAINT;
    String name = null;
    if (a.accept("constraint")) {
      name = a.identifier();
    }
    int definitionStart = a.position();
    boolean notValid = hasNotValid(a);
    if (notValid) {
      flags.add(Flag.NOT_VALID);
    }
    ConstraintType type;
    RelationName references = null;
    String index = null;
    if (a.accept("check")) {
      type = ConstraintType.CHECK;
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(relation, notValid ? Effect.NONE : Effect.SCAN);
    } else if (a.accept("not", "null")) {
      type = ConstraintType.NOT_NULL;
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(relation, notValid ? Effect.NONE : Effect.SCAN);
    } else if (a.is("unique") || a.is("primary")) {
      type = a.accept("unique") ? ConstraintType.UNIQUE : ConstraintType.PRIMARY_KEY;
      a.accept("primary", "key");
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      if (a.accept("using", "index")) {
        flags.add(Flag.USING_INDEX);
        index = a.identifier();
        // A primary key must also make its columns NOT NULL, which scans unless they already are.
        footprint.effect(
            type == ConstraintType.PRIMARY_KEY
                ? TableEffect.worstCase(relation, Effect.SCAN)
                : TableEffect.certain(relation, Effect.NONE));
      } else {
        footprint.effect(relation, Effect.INDEX_BUILD);
      }
    } else if (a.accept("exclude")) {
      type = ConstraintType.EXCLUDE;
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(relation, Effect.INDEX_BUILD);
    } else if (a.accept("foreign", "key")) {
      type = ConstraintType.FOREIGN_KEY;
      a.skipParens();
      if (!a.accept("references")) {
        return false;
      }
      references = a.relationName().orElse(null);
      if (references == null) {
        return false;
      }
      footprint.lock(relation, LockMode.SHARE_ROW_EXCLUSIVE);
      footprint.lock(references, LockMode.SHARE_ROW_EXCLUSIVE);
      footprint.effect(relation, notValid ? Effect.NONE : Effect.SCAN);
      if (!notValid && !references.equals(relation)) {
        footprint.worstCase(references, Effect.SCAN);
      }
    } else {
      return false;
    }
    Detail.Constraint constraint =
        new Detail.Constraint(
            Optional.ofNullable(name),
            type,
            a.text(definitionStart, a.end()),
            Optional.ofNullable(references),
            Optional.ofNullable(index));
    detail = constraint;
    context.constraintAdded(relation, constraint);
    return true;
  }

  private static boolean hasNotValid(TokenCursor a) {
    int at = a.position();
    while (true) {
      int not = a.findAtDepthZero("not");
      if (not >= a.end()) {
        a.seek(at);
        return false;
      }
      a.seek(not + 1);
      if (a.is("valid")) {
        a.seek(at);
        return true;
      }
    }
  }

  // ---- DROP ----

  private boolean drop(TokenCursor a) {
    if (a.accept("constraint")) {
      kind = AlterActionKind.DROP_CONSTRAINT;
      if (a.acceptIfExists()) {
        flags.add(Flag.IF_EXISTS);
      }
      String name = a.identifier();
      if (name == null) {
        return false;
      }
      cascade(a);
      footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
      Optional<Detail.Constraint> known = context.constraint(relation, name);
      // Dropping a foreign key drops its triggers on the referenced table too.
      known
          .flatMap(Detail.Constraint::references)
          .filter(ref -> !ref.equals(relation))
          .ifPresent(ref -> footprint.lock(ref, LockMode.ACCESS_EXCLUSIVE));
      detail = constraintNamed(name, known);
      return true;
    }
    a.accept("column");
    kind = AlterActionKind.DROP_COLUMN;
    if (a.acceptIfExists()) {
      flags.add(Flag.IF_EXISTS);
    }
    String column = a.identifier();
    if (column == null) {
      return false;
    }
    cascade(a);
    detail = Detail.Column.named(column);
    footprint.lock(relation, LockMode.ACCESS_EXCLUSIVE);
    return true;
  }

  private void cascade(TokenCursor a) {
    if (a.accept("cascade")) {
      flags.add(Flag.CASCADE);
    }
  }

  private static Detail.Constraint constraintNamed(String name, Optional<Detail.Constraint> known) {
    return new Detail.Constraint(
        Optional.of(name),
        known.map(Detail.Constraint::type).orElse(ConstraintType.UNKNOWN),
        known.map(Detail.Constraint::definition).orElse(""),
        known.flatMap(Detail.Constraint::references),
        known.flatMap(Detail.Constraint::index));
  }

  // ---- ALTER [COLUMN] ----

  private boolean alter(TokenCursor a) {
    if (a.accept("constraint")) {
      String name = a.identifier();
      if (name == null) {
        return false;
      }
      detail = constraintNamed(name, context.constraint(relation, name));
      return simple(AlterActionKind.ALTER_CONSTRAINT, LockMode.ACCESS_EXCLUSIVE);
    }
    a.accept("column");
    String column = a.isIdentifier() ? a.identifier() : null;
    if (column == null
        && a.peek() != null
        && a.peek().kind() == io.github.pgsafe.sql.TokenKind.NUMBER) {
      column = a.next().text(); // ALTER INDEX ... ALTER COLUMN 2 SET STATISTICS
    }
    if (column == null) {
      return false;
    }
    detail = Detail.Column.named(column);
    if (a.accept("type") || a.accept("set", "data", "type")) {
      return alterColumnType(a, column);
    }
    if (a.accept("set", "default")) {
      int start = a.position();
      Expression value = new Expression(a.rest(), ExpressionVolatility.of(a, start, a.end()));
      detail =
          new Detail.Column(
              column,
              Optional.empty(),
              Optional.of(value),
              Optional.empty(),
              false,
              Generation.NONE);
      return simple(AlterActionKind.SET_DEFAULT, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("drop", "default")) {
      return simple(AlterActionKind.DROP_DEFAULT, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("set", "not", "null")) {
      simple(AlterActionKind.SET_NOT_NULL, LockMode.ACCESS_EXCLUSIVE);
      features.add(PgFeature.SET_NOT_NULL_USES_VALID_CHECK);
      footprint.effect(
          version.has(PgFeature.SET_NOT_NULL_USES_VALID_CHECK)
              ? TableEffect.worstCase(relation, Effect.SCAN)
              : TableEffect.certain(relation, Effect.SCAN));
      return true;
    }
    if (a.accept("drop", "not", "null")) {
      return simple(AlterActionKind.DROP_NOT_NULL, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("set", "statistics")) {
      return simple(AlterActionKind.SET_STATISTICS, LockMode.SHARE_UPDATE_EXCLUSIVE);
    }
    if (a.accept("set", "storage")) {
      return simple(AlterActionKind.SET_STORAGE, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("set", "compression")) {
      return simple(AlterActionKind.SET_COMPRESSION, LockMode.ACCESS_EXCLUSIVE);
    }
    if ((a.is("set") || a.is("reset")) && a.isSymbol(1, "(")) {
      return simple(AlterActionKind.SET_COLUMN_OPTIONS, LockMode.SHARE_UPDATE_EXCLUSIVE);
    }
    if (a.accept("add", "generated")) {
      simple(AlterActionKind.ADD_IDENTITY, LockMode.ACCESS_EXCLUSIVE);
      footprint.worstCase(relation, Effect.SCAN); // measured on PostgreSQL 15: one full scan
      return true;
    }
    if (a.accept("drop", "identity")) {
      if (a.acceptIfExists()) {
        flags.add(Flag.IF_EXISTS);
      }
      return simple(AlterActionKind.DROP_IDENTITY, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("set", "expression")) {
      simple(AlterActionKind.SET_EXPRESSION, LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(relation, Effect.REWRITE);
      return true;
    }
    if (a.accept("drop", "expression")) {
      if (a.acceptIfExists()) {
        flags.add(Flag.IF_EXISTS);
      }
      return simple(AlterActionKind.DROP_EXPRESSION, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.is("set") || a.is("restart")) {
      return simple(AlterActionKind.SET_IDENTITY, LockMode.ACCESS_EXCLUSIVE);
    }
    return false;
  }

  private boolean alterColumnType(TokenCursor a, String column) {
    int typeStart = a.position();
    int typeEnd = a.findAtDepthZero("collate", "using");
    String type = a.text(typeStart, typeEnd);
    a.seek(typeEnd);
    Optional<String> using = Optional.empty();
    int usingAt = a.findAtDepthZero("using");
    if (usingAt < a.end()) {
      using = Optional.of(a.text(usingAt + 1, a.end()));
    }
    detail =
        new Detail.Column(
            column, Optional.of(type), Optional.empty(), using, false, Generation.NONE);
    simple(AlterActionKind.ALTER_COLUMN_TYPE, LockMode.ACCESS_EXCLUSIVE);
    // No rewrite when the old type is binary-coercible to the new one (varchar(n) to text, a wider
    // numeric): only the catalog knows the old type.
    footprint.worstCase(relation, Effect.REWRITE);
    return true;
  }

  // ---- RENAME, SET, RESET ----

  private boolean rename(TokenCursor a) {
    if (a.accept("to")) {
      String to = a.identifier();
      if (to == null) {
        return false;
      }
      detail = new Detail.Rename(Optional.empty(), to);
      LockMode mode = LockMode.ACCESS_EXCLUSIVE;
      if (relationKind == RelationKind.INDEX) {
        features.add(PgFeature.RENAME_INDEX_SHARE_UPDATE_EXCLUSIVE);
        if (version.has(PgFeature.RENAME_INDEX_SHARE_UPDATE_EXCLUSIVE)) {
          mode = LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
      }
      return simple(AlterActionKind.RENAME_TO, mode);
    }
    AlterActionKind actionKind =
        a.accept("constraint") ? AlterActionKind.RENAME_CONSTRAINT : AlterActionKind.RENAME_COLUMN;
    if (actionKind == AlterActionKind.RENAME_COLUMN) {
      a.accept("column");
    }
    String from = a.identifier();
    if (from == null || !a.accept("to")) {
      return false;
    }
    String to = a.identifier();
    if (to == null) {
      return false;
    }
    detail = new Detail.Rename(Optional.of(from), to);
    return simple(actionKind, LockMode.ACCESS_EXCLUSIVE);
  }

  private boolean set(TokenCursor a) {
    if (a.isSymbol("(")) {
      return options(a, AlterActionKind.SET_OPTIONS);
    }
    if (a.accept("schema")) {
      String schema = a.identifier();
      detail = new Detail.Name(schema == null ? "" : schema);
      return schema != null && simple(AlterActionKind.SET_SCHEMA, LockMode.ACCESS_EXCLUSIVE);
    }
    if (a.accept("tablespace")) {
      String tablespace = a.identifier();
      if (tablespace == null) {
        return false;
      }
      if (a.accept("nowait")) {
        flags.add(Flag.NOWAIT);
      }
      detail = new Detail.Name(tablespace);
      simple(AlterActionKind.SET_TABLESPACE, LockMode.ACCESS_EXCLUSIVE);
      footprint.worstCase(relation, Effect.REWRITE); // moving to the current tablespace is a no-op
      return true;
    }
    if (a.accept("logged")) {
      return rewriting(AlterActionKind.SET_LOGGED);
    }
    if (a.accept("unlogged")) {
      return rewriting(AlterActionKind.SET_UNLOGGED);
    }
    if (a.accept("access", "method")) {
      String method = a.identifier();
      detail = new Detail.Name(method == null ? "" : method);
      return rewriting(AlterActionKind.SET_ACCESS_METHOD);
    }
    if (a.accept("without", "cluster")) {
      return simple(AlterActionKind.SET_WITHOUT_CLUSTER, LockMode.SHARE_UPDATE_EXCLUSIVE);
    }
    if (a.accept("without", "oids")) {
      return simple(AlterActionKind.SET_WITHOUT_OIDS, LockMode.ACCESS_EXCLUSIVE);
    }
    return false;
  }

  private boolean rewriting(AlterActionKind actionKind) {
    simple(actionKind, LockMode.ACCESS_EXCLUSIVE);
    footprint.effect(relation, Effect.REWRITE);
    return true;
  }

  private boolean options(TokenCursor a, AlterActionKind actionKind) {
    if (!a.isSymbol("(")) {
      return false;
    }
    int close = a.closingParen(a.position());
    List<String> names = new ArrayList<>(2);
    LockMode mode = LockMode.SHARE_UPDATE_EXCLUSIVE;
    TokenCursor inside = a.range(a.position() + 1, close);
    for (int[] part : inside.splitAtTopLevelCommas()) {
      TokenCursor option = a.range(part[0], part[1]);
      StringBuilder name = new StringBuilder();
      while (option.isIdentifier()) {
        name.append(option.identifier());
        if (!option.acceptSymbol(".")) {
          break;
        }
        name.append('.');
      }
      if (name.length() == 0) {
        return false;
      }
      String option0 = name.toString();
      names.add(option0);
      mode = mode.max(optionLock(option0));
    }
    detail = new Detail.StorageOptions(names);
    return simple(actionKind, mode);
  }

  private LockMode optionLock(String option) {
    boolean light =
        switch (relationKind) {
          case TABLE, MATERIALIZED_VIEW ->
              LIGHT_TABLE_OPTIONS.contains(option)
                  || option.startsWith("autovacuum_")
                  || option.startsWith("toast.");
          case INDEX -> LIGHT_INDEX_OPTIONS.contains(option);
          case VIEW -> false;
        };
    return light ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
  }

  // ---- constraints, triggers, row level security, partitions, inheritance ----

  private boolean validate(TokenCursor a) {
    if (!a.accept("constraint")) {
      return false;
    }
    String name = a.identifier();
    if (name == null) {
      return false;
    }
    kind = AlterActionKind.VALIDATE_CONSTRAINT;
    Optional<Detail.Constraint> known = context.constraint(relation, name);
    detail = constraintNamed(name, known);
    footprint.lock(relation, LockMode.SHARE_UPDATE_EXCLUSIVE);
    footprint.effect(relation, Effect.SCAN);
    // A foreign key's check reads the referenced table with SELECT ... FOR KEY SHARE.
    known
        .flatMap(Detail.Constraint::references)
        .filter(ref -> !ref.equals(relation))
        .ifPresent(
            ref -> {
              footprint.lock(ref, LockMode.ROW_SHARE);
              footprint.worstCase(ref, Effect.SCAN);
            });
    return true;
  }

  private boolean enableOrDisable(TokenCursor a, boolean enable) {
    if (a.is("row")) {
      return rowLevelSecurity(
          a,
          enable
              ? AlterActionKind.ENABLE_ROW_LEVEL_SECURITY
              : AlterActionKind.DISABLE_ROW_LEVEL_SECURITY);
    }
    if (enable && !a.accept("replica")) {
      a.accept("always");
    }
    if (a.accept("trigger")) {
      String trigger = a.identifier();
      detail = new Detail.Name(trigger == null ? "" : trigger);
      return trigger != null
          && simple(
              enable ? AlterActionKind.ENABLE_TRIGGER : AlterActionKind.DISABLE_TRIGGER,
              LockMode.SHARE_ROW_EXCLUSIVE);
    }
    if (a.accept("rule")) {
      String rule = a.identifier();
      detail = new Detail.Name(rule == null ? "" : rule);
      return rule != null
          && simple(
              enable ? AlterActionKind.ENABLE_RULE : AlterActionKind.DISABLE_RULE,
              LockMode.SHARE_ROW_EXCLUSIVE);
    }
    return false;
  }

  private boolean rowLevelSecurity(TokenCursor a, AlterActionKind actionKind) {
    return a.accept("row", "level", "security") && simple(actionKind, LockMode.ACCESS_EXCLUSIVE);
  }

  private boolean no(TokenCursor a) {
    if (a.accept("force")) {
      return rowLevelSecurity(a, AlterActionKind.NO_FORCE_ROW_LEVEL_SECURITY);
    }
    if (a.accept("inherit")) {
      return inherit(a, AlterActionKind.NO_INHERIT);
    }
    if (a.is("depends")) {
      return simple(AlterActionKind.DEPENDS_ON_EXTENSION, LockMode.ACCESS_EXCLUSIVE);
    }
    return false;
  }

  private boolean inherit(TokenCursor a, AlterActionKind actionKind) {
    Optional<RelationName> parent = a.relationName();
    if (parent.isEmpty()) {
      return false;
    }
    detail = new Detail.Partition(parent.get(), Optional.empty());
    simple(actionKind, LockMode.ACCESS_EXCLUSIVE);
    // Measured on PostgreSQL 15: INHERIT takes SHARE UPDATE EXCLUSIVE on the parent, NO INHERIT
    // only ACCESS SHARE.
    footprint.lock(
        parent.get(),
        actionKind == AlterActionKind.INHERIT
            ? LockMode.SHARE_UPDATE_EXCLUSIVE
            : LockMode.ACCESS_SHARE);
    return true;
  }

  private boolean attach(TokenCursor a) {
    if (!a.accept("partition")) {
      return false;
    }
    Optional<RelationName> partition = a.relationName();
    if (partition.isEmpty()) {
      return false;
    }
    kind = AlterActionKind.ATTACH_PARTITION;
    String bound = a.rest();
    detail =
        new Detail.Partition(
            partition.get(), bound.isEmpty() ? Optional.empty() : Optional.of(bound));
    if (relationKind == RelationKind.INDEX) {
      footprint.lock(relation, LockMode.SHARE_UPDATE_EXCLUSIVE);
      footprint.lock(partition.get(), LockMode.ACCESS_EXCLUSIVE);
      // Both indexes' tables are opened ACCESS SHARE, and the partition's table is scanned
      // (measured on PostgreSQL 15); the effect is recorded on the index, standing for its table.
      footprint.lock(RelationLock.Scope.TABLE_OF_INDEX, relation, LockMode.ACCESS_SHARE);
      footprint.lock(RelationLock.Scope.TABLE_OF_INDEX, partition.get(), LockMode.ACCESS_SHARE);
      footprint.worstCase(partition.get(), Effect.SCAN);
      return true;
    }
    features.add(PgFeature.ATTACH_PARTITION_SHARE_UPDATE_EXCLUSIVE);
    footprint.lock(
        relation,
        version.has(PgFeature.ATTACH_PARTITION_SHARE_UPDATE_EXCLUSIVE)
            ? LockMode.SHARE_UPDATE_EXCLUSIVE
            : LockMode.ACCESS_EXCLUSIVE);
    // The partition is scanned to prove its rows fit the bound, unless a valid CHECK proves it.
    footprint.lock(partition.get(), LockMode.ACCESS_EXCLUSIVE);
    footprint.worstCase(partition.get(), Effect.SCAN);
    return true;
  }

  private boolean detach(TokenCursor a) {
    if (!a.accept("partition")) {
      return false;
    }
    Optional<RelationName> partition = a.relationName();
    if (partition.isEmpty()) {
      return false;
    }
    kind = AlterActionKind.DETACH_PARTITION;
    detail = new Detail.Partition(partition.get(), Optional.empty());
    LockMode parentMode = LockMode.ACCESS_EXCLUSIVE;
    if (a.accept("concurrently")) {
      flags.add(Flag.CONCURRENTLY);
      parentMode = LockMode.SHARE_UPDATE_EXCLUSIVE;
      features.add(PgFeature.DETACH_PARTITION_CONCURRENTLY);
    } else if (a.accept("finalize")) {
      flags.add(Flag.FINALIZE);
      parentMode = LockMode.SHARE_UPDATE_EXCLUSIVE;
      features.add(PgFeature.DETACH_PARTITION_CONCURRENTLY);
    }
    footprint.lock(relation, parentMode);
    footprint.lock(partition.get(), LockMode.ACCESS_EXCLUSIVE);
    return true;
  }
}
