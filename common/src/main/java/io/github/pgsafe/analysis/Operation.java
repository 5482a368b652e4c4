package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Statement;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one statement does to the database: the locks it takes, what it does to each table's data,
 * and whether it may run in a transaction block, for the PostgreSQL version it was analysed for.
 *
 * <p>Locks and effects are those on relations that exist before the statement runs. Locks on
 * relations the statement itself creates are left out: no other session can see those relations
 * before the transaction commits, so they cannot make anyone wait.
 *
 * @param statement the statement analysed
 * @param kind the recognised form
 * @param target the relation (or object) the form names first: the altered table, the indexed table
 *     of {@code CREATE INDEX}, the created table, the updated table
 * @param actions the actions of {@code ALTER TABLE} (and of {@code ALTER INDEX / VIEW /
 *     MATERIALIZED VIEW}), one per action in source order; empty for other forms
 * @param flags key words that matter ({@code CONCURRENTLY}, {@code IF EXISTS}, ...)
 * @param detail the form's typed particulars
 * @param locks every lock taken, one per relation and scope, with the strongest mode
 * @param effects what happens to each table's data, one entry per table
 * @param transactionBlock whether it may run inside {@code BEGIN ... COMMIT}
 * @param features the version-dependent facts the result relied on; {@code version} decides each
 * @param version the PostgreSQL major the statement was analysed for
 */
public record Operation(
    Statement statement,
    OperationKind kind,
    Optional<RelationName> target,
    List<AlterAction> actions,
    Set<Flag> flags,
    Detail detail,
    List<RelationLock> locks,
    List<TableEffect> effects,
    TransactionBlock transactionBlock,
    Set<PgFeature> features,
    PgVersion version) {

  public Operation {
    actions = List.copyOf(actions);
    flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    locks = List.copyOf(locks);
    effects = List.copyOf(effects);
    features =
        features.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(features));
  }

  /** 1-based line of the statement's first token. */
  public int line() {
    return statement.line();
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** The strongest mode this statement takes on {@code relation} itself, if any. */
  public Optional<LockMode> lockOn(RelationName relation) {
    LockMode strongest = null;
    for (RelationLock lock : locks) {
      if (lock.scope() == RelationLock.Scope.RELATION && lock.relation().sameAs(relation)) {
        strongest = strongest == null ? lock.mode() : strongest.max(lock.mode());
      }
    }
    return Optional.ofNullable(strongest);
  }

  /** The strongest lock of the statement, if it takes any. */
  public Optional<LockMode> strongestLock() {
    return locks.stream().map(RelationLock::mode).reduce(LockMode::max);
  }

  /** The effect on {@code relation}: {@link Effect#NONE} when the statement leaves it alone. */
  public Effect effectOn(RelationName relation) {
    for (TableEffect effect : effects) {
      if (effect.relation().sameAs(relation)) {
        return effect.effect();
      }
    }
    return Effect.NONE;
  }

  /** True for forms the analysis did not recognise (at statement or action level). */
  public boolean isUnrecognised() {
    if (kind == OperationKind.UNRECOGNISED) {
      return true;
    }
    for (AlterAction action : actions) {
      if (action.kind() == AlterActionKind.UNRECOGNISED) {
        return true;
      }
    }
    return false;
  }

  /** True if the server executes it (false for psql meta-commands). */
  public boolean reachesServer() {
    return kind != OperationKind.META_COMMAND;
  }
}
