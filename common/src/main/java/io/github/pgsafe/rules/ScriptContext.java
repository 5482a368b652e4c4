package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.AlterAction;
import io.github.pgsafe.analysis.AlterActionKind;
import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationLock;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.analysis.TransactionBlock;
import io.github.pgsafe.catalog.CatalogFacts;
import io.github.pgsafe.catalog.ColumnFacts;
import io.github.pgsafe.catalog.TableFacts;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.Token;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the statements before the current one did, as far as rules care: tables created, column
 * types declared, transaction state, strong locks still held, timeouts set. The linter moves it
 * forward one statement at a time.
 */
final class ScriptContext {
  /** A lock taken earlier in the transaction that is still open. */
  record HeldLock(RelationName relation, LockMode mode, int line) {}

  private final LintSettings settings;
  private final Optional<CatalogFacts> catalog;

  /** Tables created so far, by unqualified name: looked up for every lock of every statement. */
  private final Map<String, List<RelationName>> createdTables = new HashMap<>();

  private final Map<String, String> declaredTypes = new HashMap<>();
  private final List<HeldLock> heldLocks = new ArrayList<>();
  private final List<HeldLock> heldLocksView = Collections.unmodifiableList(heldLocks);
  private final Map<String, String> notNullChecks = new HashMap<>();
  private final Set<String> provenNotNull = new HashSet<>();
  private boolean explicitTransaction;
  private boolean lockTimeoutSet;
  private boolean lockTimeoutWarned;
  private boolean currentInTransaction;

  private final List<Statement> statements;
  private int index;
  private Map<String, Integer> lastViewCreation;

  ScriptContext(LintSettings settings, Optional<CatalogFacts> catalog, List<Statement> statements) {
    this.settings = settings;
    this.catalog = catalog;
    this.statements = List.copyOf(statements);
  }

  LintSettings settings() {
    return settings;
  }

  /**
   * Moves to {@code operation}, the statement at {@code statementIndex} of the script: decides
   * whether it runs inside a transaction block.
   */
  void enter(Operation operation, int statementIndex) {
    index = statementIndex;
    boolean splitOut =
        settings.executionModel() == ExecutionModel.PGSAFE
            && operation.transactionBlock() == TransactionBlock.FORBIDDEN;
    if (splitOut && !explicitTransaction) {
      // The pgsafe runtime commits the statements before a non-transactional one first.
      heldLocks.clear();
    }
    currentInTransaction =
        explicitTransaction
            || (settings.executionModel() == ExecutionModel.TRANSACTION)
            || (settings.executionModel() == ExecutionModel.PGSAFE && !splitOut);
  }

  /** Records what {@code operation} changed, after the rules have seen it. */
  void leave(Operation operation) {
    switch (operation.kind()) {
      case BEGIN -> explicitTransaction = true;
      case COMMIT, ROLLBACK -> {
        explicitTransaction = false;
        heldLocks.clear();
      }
      case SET -> {
        if (operation.detail() instanceof Detail.Setting setting
            && setting.name().equals("lock_timeout")) {
          lockTimeoutSet = true;
        }
      }
      case CREATE_TABLE, CREATE_TABLE_AS, CREATE_MATERIALIZED_VIEW ->
          operation
              .target()
              .ifPresent(
                  t -> createdTables.computeIfAbsent(t.name(), n -> new ArrayList<>()).add(t));
      default -> {}
    }
    declareColumns(operation);
    trackNotNullChecks(operation);
    if (currentInTransaction) {
      for (RelationLock lock : operation.locks()) {
        if (lock.scope() == RelationLock.Scope.RELATION
            && lock.mode().blocksWrites()
            && !createdInScript(lock.relation())) {
          heldLocks.add(new HeldLock(lock.relation(), lock.mode(), operation.line()));
        }
      }
    }
    if (!explicitTransaction && settings.executionModel() == ExecutionModel.AUTOCOMMIT) {
      heldLocks.clear();
    }
  }

  /**
   * True if a later statement of the script creates a view with the name {@code op} renames its
   * table away from, so that the application keeps working during the rename.
   */
  boolean followedByCompatibilityView(Operation op) {
    if (op.target().isEmpty()) {
      return false;
    }
    Integer last = viewCreations().get(op.target().get().name());
    return last != null && last > index;
  }

  /**
   * View name to the index of the last statement that creates a view of that name, built once per
   * script: asking each rename to rescan the rest of the script made linting quadratic.
   */
  private Map<String, Integer> viewCreations() {
    if (lastViewCreation == null) {
      lastViewCreation = new HashMap<>();
      for (int i = 0; i < statements.size(); i++) {
        String name = createdViewName(statements.get(i).tokens());
        if (name != null) {
          lastViewCreation.put(name, i);
        }
      }
    }
    return lastViewCreation;
  }

  /** The (unqualified) name a {@code CREATE [OR REPLACE] VIEW} creates; null for other forms. */
  private static String createdViewName(List<Token> tokens) {
    int at = 0;
    if (tokens.size() < 3 || !tokens.get(at++).is("create")) {
      return null;
    }
    if (tokens.get(at).is("or") && tokens.size() > at + 2) {
      at += 2;
    }
    if (tokens.get(at).is("view") && tokens.size() > at + 1) {
      List<Token> name = tokens.subList(at + 1, tokens.size());
      int last = name.size() > 2 && name.get(1).isSymbol(".") ? 2 : 0;
      if (name.get(last).isIdentifier()) {
        return name.get(last).identifierValue();
      }
    }
    return null;
  }

  /** True if the current statement runs inside a transaction block. */
  boolean inTransaction() {
    return currentInTransaction;
  }

  /** True if the file itself opened a transaction with {@code BEGIN} that is still open. */
  boolean inExplicitTransaction() {
    return explicitTransaction;
  }

  boolean lockTimeoutSet() {
    return lockTimeoutSet;
  }

  /** True once require-lock-timeout has spoken for this file: one warning is enough. */
  boolean lockTimeoutWarned() {
    return lockTimeoutWarned;
  }

  void markLockTimeoutWarned() {
    lockTimeoutWarned = true;
  }

  /** True if an earlier statement of the script created {@code table}: it is new and empty. */
  boolean createdInScript(RelationName table) {
    List<RelationName> sameName = createdTables.get(table.name());
    if (sameName == null) {
      return false;
    }
    for (RelationName created : sameName) {
      if (created.sameAs(table)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Write-blocking locks taken earlier in the open transaction, on tables that existed before: a
   * read-only view, current until the statement is left.
   */
  List<HeldLock> heldLocks() {
    return heldLocksView;
  }

  /** The column's type before the current statement: declared earlier in the script, or live. */
  Optional<String> columnType(RelationName table, String column) {
    String declared = declaredTypes.get(key(table, column));
    if (declared != null) {
      return Optional.of(declared);
    }
    return table(table).flatMap(t -> t.column(column)).map(ColumnFacts::type);
  }

  /** Live facts about {@code table}, when a connection was given and the table exists. */
  Optional<TableFacts> table(RelationName table) {
    return catalog.flatMap(c -> c.table(table.schema(), table.name()));
  }

  /**
   * True if a validated {@code CHECK (column IS NOT NULL)} exists on {@code table}, so that {@code
   * SET NOT NULL} skips its scan (PostgreSQL 12+): validated earlier in this script, or in the live
   * catalog.
   */
  boolean provenNotNull(RelationName table, String column) {
    if (provenNotNull.contains(key(table, column))) {
      return true;
    }
    return table(table)
        .map(
            t ->
                t.constraints().stream()
                    .anyMatch(
                        c ->
                            c.type() == 'c'
                                && c.validated()
                                && NotNullCheck.column(c.definition())
                                    .filter(column::equals)
                                    .isPresent()))
        .orElse(false);
  }

  private void trackNotNullChecks(Operation operation) {
    if (operation.target().isEmpty()) {
      return;
    }
    RelationName table = operation.target().get();
    for (AlterAction action : operation.actions()) {
      if (!(action.detail() instanceof Detail.Constraint constraint)) {
        continue;
      }
      if (action.kind() == AlterActionKind.ADD_CONSTRAINT) {
        Optional<String> column = NotNullCheck.column(constraint.definition());
        if (column.isPresent()) {
          constraint.name().ifPresent(n -> notNullChecks.put(key(table, n), column.get()));
          if (!action.has(io.github.pgsafe.analysis.Flag.NOT_VALID)) {
            provenNotNull.add(key(table, column.get()));
          }
        }
      } else if (action.kind() == AlterActionKind.VALIDATE_CONSTRAINT) {
        constraint
            .name()
            .map(n -> notNullChecks.get(key(table, n)))
            .ifPresent(column -> provenNotNull.add(key(table, column)));
      }
    }
  }

  private void declareColumns(Operation operation) {
    Optional<RelationName> target = operation.target();
    if (target.isEmpty()) {
      return;
    }
    if (operation.kind() == OperationKind.CREATE_TABLE) {
      CreateTableColumns.of(operation.statement())
          .forEach((column, type) -> declaredTypes.put(key(target.get(), column), type));
    }
    for (AlterAction action : operation.actions()) {
      if ((action.kind() == AlterActionKind.ADD_COLUMN
              || action.kind() == AlterActionKind.ALTER_COLUMN_TYPE)
          && action.detail() instanceof Detail.Column column
          && column.type().isPresent()) {
        declaredTypes.put(key(target.get(), column.column()), column.type().get());
      }
    }
  }

  private static String key(RelationName table, String column) {
    return table.name() + '\u0000' + column;
  }
}
