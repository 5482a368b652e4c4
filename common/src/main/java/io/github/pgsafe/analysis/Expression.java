package io.github.pgsafe.analysis;

/**
 * An SQL expression as written in a statement, such as a column default.
 *
 * @param text the source text
 * @param volatility how often its value may change; an expression that calls a function pgsafe does
 *     not know is taken as {@link Volatility#VOLATILE}, the case that costs a rewrite
 */
public record Expression(String text, Volatility volatility) {

  /** PostgreSQL's function volatility classes, as far as the expression shows them. */
  public enum Volatility {
    /** Constants and immutable functions ({@code 'new'}, {@code 0}, {@code lower('X')}). */
    IMMUTABLE,
    /** The same within a statement ({@code now()}, {@code CURRENT_TIMESTAMP}). */
    STABLE,
    /** May differ per row ({@code random()}, {@code gen_random_uuid()}, {@code nextval(...)}). */
    VOLATILE
  }

  public boolean isVolatile() {
    return volatility == Volatility.VOLATILE;
  }
}
