package io.github.pgsafe.rules;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.sql.Token;
import java.util.List;

/** How many rows a data change reaches, judged from its text. */
final class RowReach {
  private RowReach() {}

  /**
   * A statement that pins its rows by key touches few of them: {@code WHERE id = 42}, {@code WHERE
   * key IN ('a', 'b')}. A join ({@code FROM}, {@code USING}) or an {@code IS NULL} test is the
   * shape of a backfill, which reaches the whole table. {@code INSERT ... VALUES} adds the rows it
   * lists; {@code INSERT ... SELECT} may add any number.
   */
  static boolean touchesFewRows(Operation op) {
    if (!(op.detail() instanceof Detail.DataChange change)) {
      return false;
    }
    if (op.kind() == OperationKind.INSERT) {
      return op.statement().tokens().stream().anyMatch(t -> t.is("values"))
          && op.statement().tokens().stream().noneMatch(t -> t.is("select"));
    }
    if (!change.hasWhere() || op.kind() == OperationKind.MERGE) {
      return false;
    }
    List<Token> tokens = op.statement().tokens();
    int where = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (i > 1 && (token.is("from") || token.is("using")) && where < 0) {
        return false;
      }
      if (token.is("where") && where < 0) {
        where = i;
      }
      if (where >= 0 && token.is("null") && tokens.get(i - 1).is("is")) {
        return false;
      }
    }
    for (int i = where + 1; i + 1 < tokens.size(); i++) {
      Token next = tokens.get(i + 1);
      if (tokens.get(i).isIdentifier() && (next.isSymbol("=") || next.is("in"))) {
        return true;
      }
    }
    return false;
  }
}
