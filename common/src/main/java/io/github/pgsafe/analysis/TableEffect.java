package io.github.pgsafe.analysis;

/**
 * What a statement does to one table.
 *
 * @param relation the table (or materialized view, or index for {@code ALTER INDEX})
 * @param effect the most expensive thing it does there
 * @param certainty whether the statement alone decides it, or catalog facts it does not show may
 *     make it cheaper (then {@code effect} is the worst case)
 */
public record TableEffect(RelationName relation, Effect effect, Certainty certainty) {

  /** How sure the analysis is of an effect. */
  public enum Certainty {
    /** The statement's text decides it. */
    CERTAIN,
    /**
     * The worst case: the real effect depends on the catalog (e.g. {@code ALTER COLUMN TYPE} does
     * not rewrite when the old type is binary-coercible to the new one).
     */
    WORST_CASE
  }

  public static TableEffect certain(RelationName relation, Effect effect) {
    return new TableEffect(relation, effect, Certainty.CERTAIN);
  }

  public static TableEffect worstCase(RelationName relation, Effect effect) {
    return new TableEffect(relation, effect, Certainty.WORST_CASE);
  }

  @Override
  public String toString() {
    return relation + " " + effect + (certainty == Certainty.WORST_CASE ? " (worst case)" : "");
  }
}
