package io.github.pgsafe.analysis;

import io.github.pgsafe.analysis.Expression.Volatility;
import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.Set;

/**
 * Classifies an expression's volatility from its tokens: the most volatile function it calls
 * decides. A function pgsafe does not know counts as volatile, because assuming a rewrite that does
 * not happen costs a warning, while assuming none that does happen costs an outage.
 */
final class ExpressionVolatility {

  /** Key words that read like functions but are fixed within a statement. */
  private static final Set<String> STABLE_KEY_WORDS =
      Set.of(
          "current_timestamp",
          "current_date",
          "current_time",
          "localtimestamp",
          "localtime",
          "current_user",
          "current_role",
          "session_user",
          "user",
          "current_schema",
          "current_catalog");

  /** Syntax that takes parentheses but calls nothing volatile by itself. */
  private static final Set<String> NEUTRAL_SYNTAX =
      Set.of(
          "cast",
          "coalesce",
          "nullif",
          "greatest",
          "least",
          "row",
          "array",
          "in",
          "and",
          "or",
          "not",
          "is",
          "any",
          "all",
          "some",
          "exists",
          "between",
          "like",
          "ilike",
          "similar",
          "collate",
          "numeric",
          "decimal",
          "varchar",
          "char",
          "character",
          "timestamp",
          "time",
          "interval",
          "bit",
          "float",
          "varying",
          "precision",
          "as",
          "then",
          "else",
          "when");

  private static final Set<String> IMMUTABLE_FUNCTIONS =
      Set.of(
          "lower",
          "upper",
          "abs",
          "round",
          "trunc",
          "floor",
          "ceil",
          "ceiling",
          "length",
          "char_length",
          "btrim",
          "ltrim",
          "rtrim",
          "trim",
          "substr",
          "substring",
          "replace",
          "md5",
          "sqrt",
          "power",
          "mod",
          "left",
          "right",
          "lpad",
          "rpad",
          "jsonb_build_object",
          "jsonb_build_array",
          "json_build_object",
          "json_build_array",
          "make_date",
          "make_interval",
          "int4",
          "int8",
          "text",
          "bool",
          "extract",
          "date_part",
          "position",
          "split_part",
          "array_length",
          "cardinality",
          "uuid_nil");

  private static final Set<String> STABLE_FUNCTIONS =
      Set.of(
          "now",
          "statement_timestamp",
          "transaction_timestamp",
          "current_setting",
          "to_char",
          "to_timestamp",
          "to_date",
          "date_trunc",
          "current_database",
          "pg_backend_pid",
          "concat",
          "concat_ws",
          "format");

  private ExpressionVolatility() {}

  /** The volatility of the expression in tokens {@code [from, to)}. */
  static Volatility of(TokenCursor c, int from, int to) {
    Volatility result = Volatility.IMMUTABLE;
    for (int i = from; i < to; i++) {
      Token t = c.token(i);
      if (t.kind() != TokenKind.WORD && t.kind() != TokenKind.QUOTED_IDENTIFIER) {
        continue;
      }
      String word = t.identifierValue();
      boolean call = i + 1 < to && c.token(i + 1).isSymbol("(");
      boolean qualifier = i + 1 < to && c.token(i + 1).isSymbol(".");
      boolean afterCast = i > 0 && c.token(i - 1).isSymbol("::");
      Volatility here;
      if (t.kind() == TokenKind.WORD && STABLE_KEY_WORDS.contains(word)) {
        here = Volatility.STABLE;
      } else if (!call || qualifier || afterCast || NEUTRAL_SYNTAX.contains(word)) {
        here = Volatility.IMMUTABLE;
      } else if (IMMUTABLE_FUNCTIONS.contains(word)) {
        here = Volatility.IMMUTABLE;
      } else if (STABLE_FUNCTIONS.contains(word)) {
        here = Volatility.STABLE;
      } else {
        here = Volatility.VOLATILE; // random(), gen_random_uuid(), nextval(), or unknown
      }
      if (here.ordinal() > result.ordinal()) {
        result = here;
      }
    }
    return result;
  }
}
