package io.github.pgsafe.analysis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One action of a multi-action {@code ALTER TABLE} (or {@code ALTER INDEX / VIEW / MATERIALIZED
 * VIEW}), with what it alone would lock and do.
 *
 * @param kind the action
 * @param text the action's source text, e.g. {@code ALTER COLUMN note DROP NOT NULL}
 * @param flags its key words that matter ({@code IF NOT EXISTS}, {@code NOT VALID}, ...)
 * @param detail its typed particulars (column, constraint, partition, ...)
 * @param locks the locks it takes
 * @param effects what it does to each table
 */
public record AlterAction(
    AlterActionKind kind,
    String text,
    Set<Flag> flags,
    Detail detail,
    List<RelationLock> locks,
    List<TableEffect> effects) {

  public AlterAction {
    flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    locks = List.copyOf(locks);
    effects = List.copyOf(effects);
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** True if it does {@code effect} to some table. */
  public boolean has(Effect effect) {
    for (TableEffect tableEffect : effects) {
      if (tableEffect.effect() == effect) {
        return true;
      }
    }
    return false;
  }
}
