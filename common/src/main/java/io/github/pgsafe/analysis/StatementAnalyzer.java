package io.github.pgsafe.analysis;

import io.github.pgsafe.analysis.AlterActionRecognizer.RelationKind;
import io.github.pgsafe.analysis.RelationLock.Scope;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.StatementKind;
import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Analyses one statement: recognises its form from the leading key words, then records what
 * PostgreSQL locks and does for that form. One instance per statement.
 */
final class StatementAnalyzer {
  private final Statement statement;
  private final PgVersion version;
  private final ScriptContext context;
  private final TokenCursor c;

  private OperationKind kind = OperationKind.UNRECOGNISED;
  private RelationName target;
  private Detail detail = Detail.NONE;
  private TransactionBlock transactionBlock = TransactionBlock.ALLOWED;
  private Footprint footprint = new Footprint();
  private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
  private final EnumSet<PgFeature> features = EnumSet.noneOf(PgFeature.class);
  private final List<AlterAction> actions = new ArrayList<>(0);

  StatementAnalyzer(Statement statement, PgVersion version, ScriptContext context) {
    this.statement = statement;
    this.version = version;
    this.context = context;
    this.c = new TokenCursor(statement.tokens(), statement.sql());
  }

  Operation analyze() {
    if (statement.kind() == StatementKind.META_COMMAND) {
      kind = OperationKind.META_COMMAND;
    } else if (!recognise()) {
      unrecognised();
    }
    return new Operation(
        statement,
        kind,
        Optional.ofNullable(target),
        actions,
        flags,
        detail,
        footprint.locks(),
        footprint.effects(),
        transactionBlock,
        features,
        version);
  }

  private boolean recognise() {
    Token first = c.next();
    if (first == null || first.kind() != TokenKind.WORD) {
      return false;
    }
    return switch (first.text().toLowerCase(Locale.ROOT)) {
      case "set" -> set();
      case "reset" -> setting(OperationKind.RESET);
      case "show" -> setting(OperationKind.SHOW);
      case "begin", "start" -> is(OperationKind.BEGIN);
      case "commit", "end" -> commit();
      case "rollback", "abort" -> rollback();
      case "savepoint" -> required(OperationKind.SAVEPOINT);
      case "release" -> required(OperationKind.RELEASE_SAVEPOINT);
      case "create" -> create();
      case "alter" -> alter();
      case "drop" -> drop();
      case "truncate" -> truncate();
      case "reindex" -> reindex();
      case "vacuum" -> vacuum();
      case "analyze", "analyse" -> analyzeTables();
      case "cluster" -> cluster();
      case "lock" -> lock();
      case "refresh" -> refresh();
      case "comment" -> comment();
      case "grant" -> privileges(OperationKind.GRANT);
      case "revoke" -> privileges(OperationKind.REVOKE);
      case "select", "values", "table" -> query(first);
      case "insert" -> dataChange(OperationKind.INSERT);
      case "update" -> dataChange(OperationKind.UPDATE);
      case "delete" -> dataChange(OperationKind.DELETE);
      case "merge" -> merge();
      case "with" -> with();
      case "copy" -> copy();
      case "do" -> opaque(OperationKind.DO);
      case "call" -> opaque(OperationKind.CALL);
      default -> false;
    };
  }

  private boolean is(OperationKind recognised) {
    kind = recognised;
    return true;
  }

  private boolean required(OperationKind recognised) {
    transactionBlock = TransactionBlock.REQUIRED;
    return is(recognised);
  }

  private boolean forbidden(OperationKind recognised) {
    transactionBlock = TransactionBlock.FORBIDDEN;
    return is(recognised);
  }

  private boolean opaque(OperationKind recognised) {
    flags.add(Flag.OPAQUE_BODY);
    if (recognised == OperationKind.CALL) {
      c.relationName().ifPresent(name -> detail = new Detail.Name(name.toString()));
    }
    return is(recognised);
  }

  /**
   * The relation a statement with no recognised form names: ACCESS EXCLUSIVE and a rewrite are
   * assumed on it (or on any table), and a transaction block is assumed to be refused.
   */
  private void unrecognised() {
    kind = OperationKind.UNRECOGNISED;
    detail = Detail.NONE;
    actions.clear();
    footprint = new Footprint();
    transactionBlock = TransactionBlock.FORBIDDEN;
    TokenCursor all = c.range(0, statement.tokens().size());
    boolean found = false;
    for (int i = 0; i + 1 < all.end(); i++) {
      Token t = all.token(i);
      if (t.is("table") || t.is("on") || t.is("into") || t.is("from") || t.is("update")) {
        TokenCursor after = all.range(i + 1, all.end());
        after.accept("only");
        Optional<RelationName> name = after.relationName();
        if (name.isPresent()) {
          found = true;
          footprint.lock(name.get(), LockMode.ACCESS_EXCLUSIVE);
          footprint.worstCase(name.get(), Effect.REWRITE);
          target = target == null ? name.get() : target;
        }
      }
    }
    if (!found) {
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.ACCESS_EXCLUSIVE);
    }
  }

  // ---- session and transaction control ----

  private boolean set() {
    kind = OperationKind.SET;
    if (c.accept("local")) {
      flags.add(Flag.LOCAL);
    } else {
      c.accept("session");
    }
    String name;
    if (c.accept("time", "zone")) {
      name = "timezone";
    } else {
      name = dottedName();
      if (name == null) {
        return false;
      }
    }
    if (!c.acceptSymbol("=") && !c.accept("to")) {
      c.accept("from"); // SET x FROM CURRENT
    }
    String value = c.rest();
    detail = new Detail.Setting(name, value.isEmpty() ? Optional.empty() : Optional.of(value));
    return true;
  }

  private boolean setting(OperationKind recognised) {
    kind = recognised;
    String name = c.accept("time", "zone") ? "timezone" : dottedName();
    if (name == null) {
      return false;
    }
    detail = new Detail.Setting(name, Optional.empty());
    return true;
  }

  private String dottedName() {
    if (!c.isIdentifier()) {
      return null;
    }
    StringBuilder name = new StringBuilder(c.identifier());
    while (c.isSymbol(".") && c.peek(1) != null && c.peek(1).isIdentifier()) {
      c.next();
      name.append('.').append(c.identifier());
    }
    return name.toString();
  }

  private boolean commit() {
    return c.is("prepared") ? forbidden(OperationKind.COMMIT) : is(OperationKind.COMMIT);
  }

  private boolean rollback() {
    if (c.is("prepared")) {
      return forbidden(OperationKind.ROLLBACK);
    }
    c.accept("work");
    c.accept("transaction");
    return c.is("to") ? required(OperationKind.ROLLBACK_TO_SAVEPOINT) : is(OperationKind.ROLLBACK);
  }

  // ---- CREATE ----

  private boolean create() {
    if (c.accept("or", "replace")) {
      flags.add(Flag.OR_REPLACE);
    }
    while (true) {
      if (c.accept("temp") || c.accept("temporary")) {
        flags.add(Flag.TEMPORARY);
      } else if (c.accept("unlogged")) {
        flags.add(Flag.UNLOGGED);
      } else if (!c.accept("global") && !c.accept("local")) {
        break;
      }
    }
    if (c.accept("unique")) {
      flags.add(Flag.UNIQUE);
    }
    Token word = c.next();
    if (word == null || word.kind() != TokenKind.WORD) {
      return false;
    }
    return switch (word.text().toLowerCase(Locale.ROOT)) {
      case "table" -> createTable();
      case "index" -> createIndex();
      case "view" -> createView();
      case "recursive" -> c.accept("view") && createView();
      case "materialized" -> c.accept("view") && createMaterializedView();
      case "sequence" -> createNamed(OperationKind.CREATE_SEQUENCE);
      case "schema" -> createNamed(OperationKind.CREATE_SCHEMA);
      case "type" -> createNamed(OperationKind.CREATE_TYPE);
      case "domain" -> createNamed(OperationKind.CREATE_DOMAIN);
      case "function" -> createNamed(OperationKind.CREATE_FUNCTION);
      case "procedure" -> createNamed(OperationKind.CREATE_PROCEDURE);
      case "extension" -> {
        flags.add(Flag.OPAQUE_BODY);
        yield createNamed(OperationKind.CREATE_EXTENSION);
      }
      case "role", "user", "group" -> createNamed(OperationKind.CREATE_ROLE);
      case "database" -> createNamed(OperationKind.CREATE_DATABASE) && forbidden(kind);
      case "tablespace" -> createNamed(OperationKind.CREATE_TABLESPACE) && forbidden(kind);
      case "trigger" -> createTrigger();
      case "constraint" -> c.accept("trigger") && createTrigger();
      case "policy" -> onTable(OperationKind.CREATE_POLICY, LockMode.ACCESS_EXCLUSIVE);
      default -> false;
    };
  }

  private boolean createNamed(OperationKind recognised) {
    kind = recognised;
    if (c.acceptIfNotExists()) {
      flags.add(Flag.IF_NOT_EXISTS);
    }
    c.relationName().ifPresent(name -> detail = new Detail.Name(name.toString()));
    return true;
  }

  /**
   * Reads the name a {@code CREATE} makes (after {@code IF NOT EXISTS} where the form allows it)
   * into the target; false when there is no name to read.
   */
  private boolean createsTarget(OperationKind recognised, boolean ifNotExistsAllowed) {
    kind = recognised;
    if (ifNotExistsAllowed && c.acceptIfNotExists()) {
      flags.add(Flag.IF_NOT_EXISTS);
    }
    Optional<RelationName> name = c.relationName();
    if (name.isEmpty()) {
      return false;
    }
    target = name.get();
    detail = new Detail.Name(target.toString());
    return true;
  }

  private boolean createTable() {
    if (!createsTarget(OperationKind.CREATE_TABLE, true)) {
      return false;
    }
    if (c.accept("partition", "of")) {
      Optional<RelationName> parent = c.relationName();
      if (parent.isEmpty()) {
        return false;
      }
      // The parent is locked ACCESS EXCLUSIVE; a default partition would be scanned too (catalog).
      footprint.lock(parent.get(), LockMode.ACCESS_EXCLUSIVE);
      detail = new Detail.Partition(parent.get(), Optional.of(c.rest()));
    } else if (c.accept("of")) {
      c.relationName();
    }
    if (c.isSymbol("(")) {
      int close = c.closingParen(c.position());
      tableElements(c.position() + 1, close);
      c.seek(close + 1);
    }
    if (c.accept("as") || (c.findAtDepthZero("as") < c.end() && seekTo("as"))) {
      return createTableAs();
    }
    if (c.accept("inherits") && c.isSymbol("(")) {
      int close = c.closingParen(c.position());
      for (int[] part : c.range(c.position() + 1, close).splitAtTopLevelCommas()) {
        c.range(part[0], part[1])
            .relationName()
            .ifPresent(parent -> footprint.lock(parent, LockMode.SHARE_UPDATE_EXCLUSIVE));
      }
      c.seek(close + 1);
    }
    return true;
  }

  private boolean seekTo(String word) {
    c.seek(c.findAtDepthZero(word) + 1);
    return true;
  }

  /** Column and table constraints: a foreign key locks its table; LIKE reads its source. */
  private void tableElements(int from, int to) {
    for (int[] part : c.range(from, to).splitAtTopLevelCommas()) {
      TokenCursor element = c.range(part[0], part[1]);
      if (element.accept("like")) {
        element.relationName().ifPresent(src -> footprint.lock(src, LockMode.ACCESS_SHARE));
        continue;
      }
      for (int i = part[0]; i < part[1]; i++) {
        if (c.token(i).is("references")) {
          c.range(i + 1, part[1])
              .relationName()
              .filter(ref -> !ref.equals(target))
              .ifPresent(ref -> footprint.lock(ref, LockMode.SHARE_ROW_EXCLUSIVE));
        }
      }
    }
  }

  private boolean createTableAs() {
    kind = OperationKind.CREATE_TABLE_AS;
    readQuery(c.position(), c.end());
    return true;
  }

  /** The query of CREATE TABLE AS / MATERIALIZED VIEW: sources read (and scanned, with data). */
  private void readQuery(int from, int to) {
    boolean noData = endsWith("with", "no", "data");
    if (noData) {
      flags.add(Flag.WITH_NO_DATA);
    }
    QueryRelations relations = QueryRelations.scan(c, from, to);
    relations.lockInto(footprint);
    if (!noData) {
      for (RelationName read : relations.reads()) {
        footprint.worstCase(read, Effect.SCAN);
      }
    }
  }

  private boolean endsWith(String a, String b, String d) {
    int n = statement.tokens().size();
    return n >= 3 && c.token(n - 3).is(a) && c.token(n - 2).is(b) && c.token(n - 1).is(d);
  }

  private boolean createIndex() {
    kind = OperationKind.CREATE_INDEX;
    if (c.accept("concurrently")) {
      flags.add(Flag.CONCURRENTLY);
    }
    if (c.acceptIfNotExists()) {
      flags.add(Flag.IF_NOT_EXISTS);
    }
    String name = c.is("on") ? null : c.identifier();
    if (!c.accept("on")) {
      return false;
    }
    if (c.accept("only")) {
      flags.add(Flag.ONLY);
    }
    Optional<RelationName> table = c.relationName();
    if (table.isEmpty()) {
      return false;
    }
    target = table.get();
    String method = "btree";
    if (c.accept("using")) {
      String given = c.identifier();
      method = given == null ? method : given;
    }
    String keys = parenthesised();
    Optional<String> include = Optional.empty();
    if (c.accept("include")) {
      include = Optional.of(parenthesised());
    }
    Optional<String> where = Optional.empty();
    int whereAt = c.findAtDepthZero("where");
    if (whereAt < c.end()) {
      where = Optional.of(c.text(whereAt + 1, c.end()));
    }
    detail = new Detail.Index(Optional.ofNullable(name), target, method, keys, include, where);
    boolean concurrently = flags.contains(Flag.CONCURRENTLY);
    footprint.lock(target, concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE);
    if (flags.contains(Flag.ONLY)) {
      // ON ONLY a partitioned table builds nothing (an invalid parent index); on a plain table
      // ONLY changes nothing and the index is built. Only the catalog tells which.
      footprint.worstCase(target, Effect.INDEX_BUILD);
    } else {
      footprint.effect(target, Effect.INDEX_BUILD);
    }
    if (concurrently) {
      transactionBlock = TransactionBlock.FORBIDDEN;
    }
    return true;
  }

  private String parenthesised() {
    if (!c.isSymbol("(")) {
      return "";
    }
    int open = c.position();
    int close = c.closingParen(open);
    c.seek(close + 1);
    return c.text(open, close + 1);
  }

  private boolean createView() {
    if (!createsTarget(OperationKind.CREATE_VIEW, false)) {
      return false;
    }
    if (flags.contains(Flag.OR_REPLACE)) {
      footprint.lock(target, LockMode.ACCESS_EXCLUSIVE); // when it exists already
    }
    int as = c.findAtDepthZero("as");
    QueryRelations.scan(c, as + 1, c.end()).lockInto(footprint);
    return true;
  }

  private boolean createMaterializedView() {
    if (!createsTarget(OperationKind.CREATE_MATERIALIZED_VIEW, true)) {
      return false;
    }
    int as = c.findAtDepthZero("as");
    readQuery(as + 1, c.end());
    return true;
  }

  private boolean createTrigger() {
    kind = OperationKind.CREATE_TRIGGER;
    String name = c.identifier();
    if (name == null) {
      return false;
    }
    detail = new Detail.Name(name);
    c.seek(c.findAtDepthZero("on"));
    if (!c.accept("on")) {
      return false;
    }
    Optional<RelationName> table = c.relationName();
    if (table.isEmpty()) {
      return false;
    }
    target = table.get();
    footprint.lock(target, LockMode.SHARE_ROW_EXCLUSIVE);
    return true;
  }

  /** {@code <verb> POLICY | TRIGGER [IF EXISTS] name ON table ...}. */
  private boolean onTable(OperationKind recognised, LockMode mode) {
    kind = recognised;
    if (c.acceptIfExists()) {
      flags.add(Flag.IF_EXISTS);
    }
    String name = c.identifier();
    if (name == null || !c.accept("on")) {
      return false;
    }
    Optional<RelationName> table = c.relationName();
    if (table.isEmpty()) {
      return false;
    }
    target = table.get();
    detail = new Detail.Name(name);
    footprint.lock(target, mode);
    if (c.accept("cascade")) {
      flags.add(Flag.CASCADE);
    }
    return true;
  }

  // ---- ALTER ----

  private boolean alter() {
    Token word = c.next();
    if (word == null || word.kind() != TokenKind.WORD) {
      return false;
    }
    return switch (word.text().toLowerCase(Locale.ROOT)) {
      case "table" -> alterRelation(OperationKind.ALTER_TABLE, RelationKind.TABLE);
      case "index" -> alterRelation(OperationKind.ALTER_INDEX, RelationKind.INDEX);
      case "view" -> alterRelation(OperationKind.ALTER_VIEW, RelationKind.VIEW);
      case "materialized" ->
          c.accept("view")
              && alterRelation(
                  OperationKind.ALTER_MATERIALIZED_VIEW, RelationKind.MATERIALIZED_VIEW);
      case "sequence" -> alterSequence();
      case "type" -> alterType();
      case "schema" -> createNamed(OperationKind.ALTER_SCHEMA);
      case "function", "procedure", "routine" -> createNamed(OperationKind.ALTER_FUNCTION);
      case "extension" -> {
        flags.add(Flag.OPAQUE_BODY);
        yield createNamed(OperationKind.ALTER_EXTENSION);
      }
      case "role", "user", "group" -> createNamed(OperationKind.ALTER_ROLE);
      case "database" -> alterDatabase();
      case "system" -> forbidden(OperationKind.ALTER_SYSTEM);
      case "policy" -> onTable(OperationKind.ALTER_POLICY, LockMode.ACCESS_EXCLUSIVE);
      case "trigger" -> onTable(OperationKind.ALTER_TRIGGER, LockMode.ACCESS_EXCLUSIVE);
      default -> false;
    };
  }

  private boolean alterRelation(OperationKind recognised, RelationKind relationKind) {
    kind = recognised;
    if (c.acceptIfExists()) {
      flags.add(Flag.IF_EXISTS);
    }
    if (c.is("all") && c.is(1, "in")) {
      return false; // ALTER ... ALL IN TABLESPACE: every relation there
    }
    if (c.accept("only")) {
      flags.add(Flag.ONLY);
    }
    Optional<RelationName> name = c.relationName();
    if (name.isEmpty() || c.atEnd()) {
      return false;
    }
    target = name.get();
    c.acceptSymbol("*");
    AlterActionRecognizer recognizer =
        new AlterActionRecognizer(target, relationKind, version, context, features);
    for (int[] range : c.splitAtTopLevelCommas()) {
      AlterAction action = recognizer.recognise(c.range(range[0], range[1]));
      actions.add(action);
      flags.addAll(action.flags());
      for (RelationLock lock : action.locks()) {
        footprint.lock(lock.scope(), lock.relation(), lock.mode());
      }
      action.effects().forEach(footprint::effect);
      if (action.kind() == AlterActionKind.DETACH_PARTITION && action.has(Flag.CONCURRENTLY)) {
        transactionBlock = TransactionBlock.FORBIDDEN;
      }
      if (action.kind() == AlterActionKind.UNRECOGNISED) {
        transactionBlock = TransactionBlock.FORBIDDEN;
      }
    }
    return true;
  }

  private boolean alterSequence() {
    kind = OperationKind.ALTER_SEQUENCE;
    if (c.acceptIfExists()) {
      flags.add(Flag.IF_EXISTS);
    }
    Optional<RelationName> name = c.relationName();
    if (name.isEmpty()) {
      return false;
    }
    target = name.get();
    boolean asTable =
        c.is("rename")
            || c.is("owner")
            || (c.is("set") && (c.is(1, "schema") || c.is(1, "logged") || c.is(1, "unlogged")));
    footprint.lock(target, asTable ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE_ROW_EXCLUSIVE);
    return true;
  }

  private boolean alterType() {
    kind = OperationKind.ALTER_TYPE;
    Optional<RelationName> name = c.relationName();
    if (name.isEmpty()) {
      return false;
    }
    target = name.get();
    if (c.accept("add", "value")) {
      if (c.acceptIfNotExists()) {
        flags.add(Flag.IF_NOT_EXISTS);
      }
      Token value = c.next();
      detail = new Detail.Name(value == null ? "" : value.text());
      features.add(PgFeature.ADD_ENUM_VALUE_IN_TRANSACTION);
      if (!version.has(PgFeature.ADD_ENUM_VALUE_IN_TRANSACTION)) {
        transactionBlock = TransactionBlock.FORBIDDEN;
      }
    }
    return true;
  }

  private boolean alterDatabase() {
    kind = OperationKind.ALTER_DATABASE;
    c.identifier();
    if (c.accept("set", "tablespace")) {
      transactionBlock = TransactionBlock.FORBIDDEN;
    }
    return true;
  }

  // ---- DROP ----

  private boolean drop() {
    Token word = c.next();
    if (word == null || word.kind() != TokenKind.WORD) {
      return false;
    }
    return switch (word.text().toLowerCase(Locale.ROOT)) {
      case "table" -> dropRelations(OperationKind.DROP_TABLE);
      case "index" -> dropIndex();
      case "view" -> dropRelations(OperationKind.DROP_VIEW);
      case "materialized" ->
          c.accept("view") && dropRelations(OperationKind.DROP_MATERIALIZED_VIEW);
      case "sequence" -> dropRelations(OperationKind.DROP_SEQUENCE);
      case "schema" -> dropSchema();
      case "type" -> dropObjects(OperationKind.DROP_TYPE);
      case "domain" -> dropObjects(OperationKind.DROP_DOMAIN);
      case "function" -> dropObjects(OperationKind.DROP_FUNCTION);
      case "procedure" -> dropObjects(OperationKind.DROP_PROCEDURE);
      case "extension" -> dropObjects(OperationKind.DROP_EXTENSION);
      case "role", "user", "group" -> dropObjects(OperationKind.DROP_ROLE);
      case "database" -> dropObjects(OperationKind.DROP_DATABASE) && forbidden(kind);
      case "tablespace" -> dropObjects(OperationKind.DROP_TABLESPACE) && forbidden(kind);
      case "trigger" -> onTable(OperationKind.DROP_TRIGGER, LockMode.ACCESS_EXCLUSIVE);
      case "policy" -> onTable(OperationKind.DROP_POLICY, LockMode.ACCESS_EXCLUSIVE);
      default -> false;
    };
  }

  /** {@code [IF EXISTS] name [, ...] [CASCADE | RESTRICT]}: the names. */
  private List<RelationName> dropList() {
    if (c.acceptIfExists()) {
      flags.add(Flag.IF_EXISTS);
    }
    List<RelationName> names = new ArrayList<>(1);
    do {
      c.relationName().ifPresent(names::add);
      if (c.isSymbol("(")) {
        c.skipParens(); // DROP FUNCTION f(int)
      }
    } while (c.acceptSymbol(","));
    if (c.accept("cascade")) {
      flags.add(Flag.CASCADE);
    }
    return names;
  }

  private boolean dropRelations(OperationKind recognised) {
    kind = recognised;
    List<RelationName> names = dropList();
    if (names.isEmpty()) {
      return false;
    }
    target = names.get(0);
    for (RelationName name : names) {
      footprint.lock(name, LockMode.ACCESS_EXCLUSIVE);
    }
    return true;
  }

  private boolean dropIndex() {
    kind = OperationKind.DROP_INDEX;
    boolean concurrently = c.accept("concurrently");
    if (concurrently) {
      flags.add(Flag.CONCURRENTLY);
      transactionBlock = TransactionBlock.FORBIDDEN;
    }
    List<RelationName> names = dropList();
    if (names.isEmpty()) {
      return false;
    }
    target = names.get(0);
    LockMode mode = concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
    for (RelationName name : names) {
      footprint.lock(Scope.TABLE_OF_INDEX, name, mode);
      footprint.lock(name, mode);
    }
    return true;
  }

  private boolean dropSchema() {
    kind = OperationKind.DROP_SCHEMA;
    List<RelationName> names = dropList();
    if (names.isEmpty()) {
      return false;
    }
    detail = new Detail.Name(names.get(0).toString());
    if (flags.contains(Flag.CASCADE)) {
      for (RelationName schema : names) {
        footprint.lock(Scope.TABLES_IN_SCHEMA, schema, LockMode.ACCESS_EXCLUSIVE);
      }
    }
    return true;
  }

  private boolean dropObjects(OperationKind recognised) {
    kind = recognised;
    List<RelationName> names = dropList();
    if (names.isEmpty()) {
      return false;
    }
    detail = new Detail.Name(names.get(0).toString());
    if (flags.contains(Flag.CASCADE)) {
      // Dependent columns, defaults, indexes or triggers of unknown tables go too.
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.ACCESS_EXCLUSIVE);
    }
    return true;
  }

  // ---- maintenance ----

  private boolean truncate() {
    kind = OperationKind.TRUNCATE;
    c.accept("table");
    do {
      if (c.accept("only")) {
        flags.add(Flag.ONLY);
      }
      Optional<RelationName> name = c.relationName();
      if (name.isEmpty()) {
        return false;
      }
      c.acceptSymbol("*");
      target = target == null ? name.get() : target;
      footprint.lock(name.get(), LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(name.get(), Effect.TRUNCATE);
    } while (c.acceptSymbol(","));
    if (c.accept("restart", "identity")) {
      flags.add(Flag.RESTART_IDENTITY);
    }
    c.accept("continue", "identity");
    if (c.accept("cascade")) {
      flags.add(Flag.CASCADE);
      // Tables with foreign keys to these are truncated too; only the catalog knows them.
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.ACCESS_EXCLUSIVE);
    }
    return true;
  }

  private boolean reindex() {
    kind = OperationKind.REINDEX;
    boolean concurrently = false;
    if (c.isSymbol("(")) {
      int close = c.closingParen(c.position());
      for (int[] part : c.range(c.position() + 1, close).splitAtTopLevelCommas()) {
        TokenCursor option = c.range(part[0], part[1]);
        if (option.accept("concurrently")) {
          concurrently = !(option.is("false") || option.is("off") || option.isSymbol("0"));
          concurrently &= option.peek() == null || !option.peek().text().equals("0");
        }
      }
      c.seek(close + 1);
    }
    Token what = c.next();
    if (what == null) {
      return false;
    }
    if (c.accept("concurrently")) {
      concurrently = true;
    }
    if (concurrently) {
      flags.add(Flag.CONCURRENTLY);
      features.add(PgFeature.REINDEX_CONCURRENTLY);
    }
    LockMode tableMode = concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE;
    LockMode indexMode = concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
    Optional<RelationName> name = c.relationName();
    if (what.is("index")) {
      if (name.isEmpty()) {
        return false;
      }
      target = name.get();
      footprint.lock(Scope.TABLE_OF_INDEX, target, tableMode);
      footprint.lock(target, indexMode);
      footprint.effect(target, Effect.INDEX_BUILD);
    } else if (what.is("table")) {
      if (name.isEmpty()) {
        return false;
      }
      target = name.get();
      footprint.lock(target, tableMode);
      footprint.lock(Scope.INDEXES_OF_TABLE, target, indexMode);
      footprint.effect(target, Effect.INDEX_BUILD);
    } else if (what.is("schema")) {
      if (name.isEmpty()) {
        return false;
      }
      // One transaction per table: never inside a transaction block.
      footprint.lock(Scope.TABLES_IN_SCHEMA, name.get(), tableMode);
      transactionBlock = TransactionBlock.FORBIDDEN;
    } else if (what.is("database") || what.is("system")) {
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, tableMode);
      transactionBlock = TransactionBlock.FORBIDDEN;
    } else {
      return false;
    }
    if (concurrently) {
      transactionBlock = TransactionBlock.FORBIDDEN;
    }
    return true;
  }

  private boolean vacuum() {
    kind = OperationKind.VACUUM;
    transactionBlock = TransactionBlock.FORBIDDEN;
    boolean full = false;
    if (c.isSymbol("(")) {
      int close = c.closingParen(c.position());
      for (int[] part : c.range(c.position() + 1, close).splitAtTopLevelCommas()) {
        TokenCursor option = c.range(part[0], part[1]);
        boolean on = !(option.is(1, "false") || option.is(1, "off"));
        on &= option.peek(1) == null || !option.peek(1).text().equals("0");
        if (option.is("full")) {
          full = on;
        } else if (option.is("analyze") || option.is("analyse")) {
          if (on) {
            flags.add(Flag.ANALYZE);
          }
        }
      }
      c.seek(close + 1);
    } else {
      while (true) {
        if (c.accept("full")) {
          full = true;
        } else if (c.accept("analyze") || c.accept("analyse")) {
          flags.add(Flag.ANALYZE);
        } else if (!c.accept("freeze") && !c.accept("verbose")) {
          break;
        }
      }
    }
    if (full) {
      flags.add(Flag.FULL);
    }
    LockMode mode = full ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE_UPDATE_EXCLUSIVE;
    List<RelationName> tables = tableList();
    if (tables.isEmpty()) {
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, mode);
    }
    for (RelationName table : tables) {
      target = target == null ? table : target;
      footprint.lock(table, mode);
      if (full) {
        footprint.lock(Scope.INDEXES_OF_TABLE, table, mode);
        footprint.effect(table, Effect.REWRITE);
      } else {
        footprint.worstCase(table, Effect.SCAN); // the visibility map lets it skip pages
      }
    }
    return true;
  }

  /** {@code table [(columns)] [, ...]} to the end. */
  private List<RelationName> tableList() {
    List<RelationName> tables = new ArrayList<>(1);
    while (!c.atEnd()) {
      c.accept("only");
      Optional<RelationName> name = c.relationName();
      if (name.isEmpty()) {
        break;
      }
      tables.add(name.get());
      c.skipParens();
      if (!c.acceptSymbol(",")) {
        break;
      }
    }
    return tables;
  }

  private boolean analyzeTables() {
    kind = OperationKind.ANALYZE;
    c.accept("verbose");
    c.skipParens();
    List<RelationName> tables = tableList();
    if (tables.isEmpty()) {
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.SHARE_UPDATE_EXCLUSIVE);
    }
    for (RelationName table : tables) {
      target = target == null ? table : target;
      footprint.lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE);
    }
    return true;
  }

  private boolean cluster() {
    kind = OperationKind.CLUSTER;
    c.accept("verbose");
    c.skipParens();
    Optional<RelationName> first = c.relationName();
    if (first.isEmpty()) {
      footprint.lock(Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.ACCESS_EXCLUSIVE);
      transactionBlock = TransactionBlock.FORBIDDEN;
      return true;
    }
    RelationName table = first.get();
    if (c.accept("on")) { // CLUSTER index ON table, the pre-8.3 spelling
      Optional<RelationName> onTable = c.relationName();
      if (onTable.isEmpty()) {
        return false;
      }
      table = onTable.get();
    }
    target = table;
    footprint.lock(table, LockMode.ACCESS_EXCLUSIVE);
    footprint.lock(Scope.INDEXES_OF_TABLE, table, LockMode.ACCESS_EXCLUSIVE);
    footprint.effect(table, Effect.REWRITE);
    return true;
  }

  private boolean lock() {
    kind = OperationKind.LOCK_TABLE;
    transactionBlock = TransactionBlock.REQUIRED;
    c.accept("table");
    int in = c.findAtDepthZero("in");
    LockMode mode = LockMode.ACCESS_EXCLUSIVE;
    if (in < c.end()) {
      int modeWord = c.range(in, c.end()).findAtDepthZero("mode");
      StringBuilder words = new StringBuilder();
      for (int i = in + 1; i < modeWord; i++) {
        words.append(i > in + 1 ? " " : "").append(c.token(i).text());
      }
      Optional<LockMode> named = LockMode.fromSqlName(words.toString());
      if (named.isEmpty()) {
        return false;
      }
      mode = named.get();
    }
    if (c.range(in, c.end()).findAtDepthZero("nowait") < c.end()) {
      flags.add(Flag.NOWAIT);
    }
    TokenCursor names = c.range(c.position(), in);
    do {
      if (names.accept("only")) {
        flags.add(Flag.ONLY);
      }
      Optional<RelationName> name = names.relationName();
      if (name.isEmpty()) {
        return false;
      }
      names.acceptSymbol("*");
      target = target == null ? name.get() : target;
      footprint.lock(name.get(), mode);
    } while (names.acceptSymbol(","));
    detail = new Detail.Lock(mode);
    return true;
  }

  private boolean refresh() {
    if (!c.accept("materialized", "view")) {
      return false;
    }
    kind = OperationKind.REFRESH_MATERIALIZED_VIEW;
    boolean concurrently = c.accept("concurrently");
    Optional<RelationName> name = c.relationName();
    if (name.isEmpty()) {
      return false;
    }
    target = name.get();
    if (c.accept("with", "no", "data")) {
      flags.add(Flag.WITH_NO_DATA);
    }
    if (!flags.contains(Flag.WITH_NO_DATA)) {
      footprint.lock(Scope.TABLES_READ_BY_VIEW, target, LockMode.ACCESS_SHARE);
    }
    if (concurrently) {
      // Reads stay possible; the query is run again and the difference applied in place.
      flags.add(Flag.CONCURRENTLY);
      footprint.lock(target, LockMode.EXCLUSIVE);
      footprint.effect(target, Effect.SCAN);
    } else {
      footprint.lock(target, LockMode.ACCESS_EXCLUSIVE);
      footprint.effect(
          target, flags.contains(Flag.WITH_NO_DATA) ? Effect.TRUNCATE : Effect.REWRITE);
    }
    return true;
  }

  private boolean comment() {
    if (!c.accept("on")) {
      return false;
    }
    kind = OperationKind.COMMENT;
    Token what = c.next();
    if (what == null) {
      return false;
    }
    Optional<RelationName> relation = Optional.empty();
    LockMode mode = LockMode.SHARE_UPDATE_EXCLUSIVE;
    if (what.is("table")
        || what.is("index")
        || what.is("view")
        || what.is("sequence")
        || (what.is("materialized") && c.accept("view"))
        || (what.is("foreign") && c.accept("table"))) {
      relation = c.relationName();
    } else if (what.is("column")) {
      relation = columnOwner();
    } else if (what.is("constraint")
        || what.is("trigger")
        || what.is("policy")
        || what.is("rule")) {
      // Objects that belong to a table only open the table (measured: ACCESS SHARE).
      c.identifier();
      mode = LockMode.ACCESS_SHARE;
      if (c.accept("on")) {
        c.accept("domain");
        relation = c.relationName();
      }
    }
    LockMode taken = mode;
    relation.ifPresent(
        r -> {
          target = r;
          footprint.lock(r, taken);
        });
    return true;
  }

  /** {@code [schema.]table.column}: the table. */
  private Optional<RelationName> columnOwner() {
    List<String> parts = new ArrayList<>(3);
    while (c.isIdentifier()) {
      parts.add(c.identifier());
      if (!c.acceptSymbol(".")) {
        break;
      }
    }
    int n = parts.size();
    if (n == 2) {
      return Optional.of(RelationName.of(parts.get(0)));
    }
    if (n >= 3) {
      return Optional.of(RelationName.of(parts.get(n - 3), parts.get(n - 2)));
    }
    return Optional.empty();
  }

  /** {@code GRANT | REVOKE privileges ON [TABLE] name [, ...] TO | FROM ...}. */
  private boolean privileges(OperationKind recognised) {
    kind = recognised;
    int on = c.findAtDepthZero("on");
    if (on >= c.end()) {
      return true; // GRANT role TO role
    }
    TokenCursor objects = c.range(on + 1, c.findAtDepthZero("to", "from"));
    if (!objects.accept("table")
        && objects.isIdentifier()
        && isPrivilegeObjectWord(objects.peek())) {
      return true; // ON SEQUENCE / SCHEMA / FUNCTION / ALL TABLES IN SCHEMA ...: no table named
    }
    features.add(PgFeature.GRANT_LOCKS_TABLE);
    do {
      Optional<RelationName> table = objects.relationName();
      if (table.isEmpty()) {
        break;
      }
      target = target == null ? table.get() : target;
      if (version.has(PgFeature.GRANT_LOCKS_TABLE)) {
        footprint.lock(table.get(), LockMode.ACCESS_SHARE);
      }
    } while (objects.acceptSymbol(","));
    return true;
  }

  private static boolean isPrivilegeObjectWord(Token t) {
    return switch (t.text().toLowerCase(Locale.ROOT)) {
      case "sequence",
          "database",
          "domain",
          "foreign",
          "function",
          "procedure",
          "routine",
          "language",
          "large",
          "parameter",
          "schema",
          "tablespace",
          "type",
          "all" ->
          true;
      default -> false;
    };
  }

  // ---- data ----

  private boolean query(Token first) {
    kind = OperationKind.SELECT;
    if (first.is("table")) {
      c.accept("only");
      Optional<RelationName> name = c.relationName();
      name.ifPresent(n -> footprint.lock(n, LockMode.ACCESS_SHARE));
      return name.isPresent();
    }
    QueryRelations relations = QueryRelations.scan(c, 0, c.end());
    relations.lockInto(footprint);
    if (relations.forUpdate()) {
      flags.add(Flag.FOR_UPDATE);
    }
    if (!relations.writes().isEmpty()) {
      markDataChange(OperationKind.SELECT, relations);
    }
    return true;
  }

  private boolean dataChange(OperationKind recognised) {
    kind = recognised;
    QueryRelations relations = QueryRelations.scan(c, 0, c.end());
    if (relations.writes().isEmpty()) {
      return false;
    }
    relations.lockInto(footprint);
    markDataChange(recognised, relations);
    return true;
  }

  /** Rows of the target are locked until commit, except plain inserts of new rows. */
  private void markDataChange(OperationKind recognised, QueryRelations relations) {
    RelationName written = relations.writes().get(0);
    target = target == null ? written : target;
    boolean insert = recognised == OperationKind.INSERT;
    detail = new Detail.DataChange(written, !insert && relations.hasWhere());
    for (RelationName each : relations.writes()) {
      if (!insert || relations.upsert() || !each.equals(written)) {
        footprint.effect(each, Effect.ROW_LOCKS);
      }
    }
  }

  private boolean merge() {
    features.add(PgFeature.MERGE);
    return dataChange(OperationKind.MERGE);
  }

  /** {@code WITH ... } followed by the statement proper. */
  private boolean with() {
    c.accept("recursive");
    do {
      if (c.identifier() == null) {
        return false;
      }
      c.skipParens();
      if (!c.accept("as")) {
        return false;
      }
      c.accept("not");
      c.accept("materialized");
      if (!c.skipParens()) {
        return false;
      }
      while (!c.atEnd() && !c.isSymbol(",") && !isStatementWord(c.peek())) {
        c.next(); // SEARCH ... / CYCLE ... clauses
      }
    } while (c.acceptSymbol(","));
    Token main = c.peek();
    if (main == null) {
      return false;
    }
    if (main.is("select") || main.is("values") || main.is("table")) {
      return query(c.next());
    }
    if (main.is("insert")) {
      return dataChange(OperationKind.INSERT);
    }
    if (main.is("update")) {
      return dataChange(OperationKind.UPDATE);
    }
    if (main.is("delete")) {
      return dataChange(OperationKind.DELETE);
    }
    if (main.is("merge")) {
      return merge();
    }
    return false;
  }

  private static boolean isStatementWord(Token t) {
    return t.is("select")
        || t.is("insert")
        || t.is("update")
        || t.is("delete")
        || t.is("merge")
        || t.is("values")
        || t.is("table");
  }

  private boolean copy() {
    kind = OperationKind.COPY;
    if (c.isSymbol("(")) {
      int close = c.closingParen(c.position());
      QueryRelations.scan(c, c.position() + 1, close).lockInto(footprint);
      return true;
    }
    Optional<RelationName> table = c.relationName();
    if (table.isEmpty()) {
      return false;
    }
    target = table.get();
    c.skipParens();
    if (c.accept("from")) {
      footprint.lock(target, LockMode.ROW_EXCLUSIVE);
      detail = new Detail.DataChange(target, false);
    } else {
      footprint.lock(target, LockMode.ACCESS_SHARE);
    }
    return true;
  }
}
