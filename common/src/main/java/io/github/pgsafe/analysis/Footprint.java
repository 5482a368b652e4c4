package io.github.pgsafe.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the locks and table effects of a statement or action, keeping one lock per relation and
 * scope (the strongest mode) and one effect per relation (the most expensive).
 */
final class Footprint {
  private final List<RelationLock> locks = new ArrayList<>(2);
  private final List<TableEffect> effects = new ArrayList<>(2);

  void lock(RelationName relation, LockMode mode) {
    lock(RelationLock.Scope.RELATION, relation, mode);
  }

  void lock(RelationLock.Scope scope, RelationName relation, LockMode mode) {
    for (int i = 0; i < locks.size(); i++) {
      RelationLock held = locks.get(i);
      if (held.scope() == scope && held.relation().equals(relation)) {
        locks.set(i, new RelationLock(scope, relation, held.mode().max(mode)));
        return;
      }
    }
    locks.add(new RelationLock(scope, relation, mode));
  }

  void effect(RelationName relation, Effect effect) {
    effect(TableEffect.certain(relation, effect));
  }

  void worstCase(RelationName relation, Effect effect) {
    effect(TableEffect.worstCase(relation, effect));
  }

  void effect(TableEffect effect) {
    for (int i = 0; i < effects.size(); i++) {
      TableEffect known = effects.get(i);
      if (known.relation().equals(effect.relation())) {
        effects.set(i, moreExpensive(known, effect));
        return;
      }
    }
    effects.add(effect);
  }

  /** Adds everything {@code other} holds. */
  void add(Footprint other) {
    for (RelationLock lock : other.locks) {
      lock(lock.scope(), lock.relation(), lock.mode());
    }
    for (TableEffect effect : other.effects) {
      effect(effect);
    }
  }

  List<RelationLock> locks() {
    return locks;
  }

  List<TableEffect> effects() {
    return effects;
  }

  private static TableEffect moreExpensive(TableEffect a, TableEffect b) {
    int order = Integer.compare(a.effect().ordinal(), b.effect().ordinal());
    if (order != 0) {
      return order > 0 ? a : b;
    }
    return a.certainty() == TableEffect.Certainty.CERTAIN ? a : b;
  }
}
