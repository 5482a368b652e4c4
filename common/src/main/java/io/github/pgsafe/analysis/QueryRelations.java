package io.github.pgsafe.analysis;

import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables a query or a data-changing statement reads and writes, found in one pass over its
 * tokens: names after {@code FROM}, {@code JOIN} and {@code USING} are read, the targets of {@code
 * INSERT INTO}, {@code UPDATE}, {@code DELETE FROM} and {@code MERGE INTO} are written, at any
 * depth (subqueries and data-changing {@code WITH} parts included). Names of {@code WITH} queries
 * are not tables and are dropped. {@code FROM} inside a function call ({@code extract(year FROM
 * d)}) and {@code IS DISTINCT FROM} are not relation lists.
 *
 * @param reads tables read, in order of appearance, without duplicates
 * @param writes tables whose rows change, the statement's own target first
 * @param forUpdate the query locks rows it reads ({@code FOR UPDATE | SHARE ...})
 * @param upsert {@code ON CONFLICT ... DO UPDATE}, which locks the conflicting rows
 * @param hasWhere a {@code WHERE} outside parentheses
 */
record QueryRelations(
    List<RelationName> reads,
    List<RelationName> writes,
    boolean forUpdate,
    boolean upsert,
    boolean hasWhere) {

  private static final Set<String> NOT_AN_ALIAS =
      Set.of(
          "where",
          "join",
          "inner",
          "left",
          "right",
          "full",
          "cross",
          "natural",
          "on",
          "using",
          "group",
          "order",
          "limit",
          "offset",
          "union",
          "except",
          "intersect",
          "window",
          "having",
          "for",
          "returning",
          "set",
          "when",
          "fetch",
          "tablesample",
          "lateral",
          "then",
          "and",
          "or",
          "default",
          "values",
          "select",
          "overriding",
          "do",
          "with");

  /** Scans tokens {@code [from, to)} of the cursor's statement. */
  static QueryRelations scan(TokenCursor c, int from, int to) {
    return new Scanner(c, to).run(from);
  }

  /**
   * Locks them as PostgreSQL does: ROW EXCLUSIVE on writes, ACCESS SHARE (or ROW SHARE) on reads.
   */
  void lockInto(Footprint footprint) {
    LockMode readMode = forUpdate ? LockMode.ROW_SHARE : LockMode.ACCESS_SHARE;
    for (RelationName read : reads) {
      footprint.lock(read, readMode);
      if (forUpdate) {
        footprint.effect(read, Effect.ROW_LOCKS);
      }
    }
    for (RelationName write : writes) {
      footprint.lock(write, LockMode.ROW_EXCLUSIVE);
    }
  }

  private static final class Scanner {
    private final TokenCursor c;
    private final int to;
    private final List<RelationName> reads = new ArrayList<>(2);
    private final List<RelationName> writes = new ArrayList<>(1);
    private final Set<String> withNames = new HashSet<>(2);
    private boolean forUpdate;
    private boolean upsert;
    private boolean hasWhere;

    /** Bit d set: the parenthesis at depth d+1 is a function call's. */
    private long functionParens;

    private int depth;

    Scanner(TokenCursor c, int to) {
      this.c = c;
      this.to = to;
    }

    QueryRelations run(int from) {
      for (int i = from; i < to; i++) {
        Token t = c.token(i);
        if (t.isSymbol("(")) {
          openParen(i);
        } else if (t.isSymbol(")")) {
          depth = Math.max(0, depth - 1);
        } else if (t.kind() == TokenKind.WORD) {
          i = word(i, t);
        } else if (t.kind() == TokenKind.QUOTED_IDENTIFIER) {
          noteWithName(i);
        }
      }
      reads.removeIf(r -> r.schema().isEmpty() && withNames.contains(r.name()));
      writes.removeIf(r -> r.schema().isEmpty() && withNames.contains(r.name()));
      return new QueryRelations(reads, writes, forUpdate, upsert, hasWhere);
    }

    private void openParen(int i) {
      Token before = i > 0 ? c.token(i - 1) : null;
      Token after = i + 1 < to ? c.token(i + 1) : null;
      boolean query =
          after != null && (after.is("select") || after.is("with") || after.is("values"));
      boolean function = !query && before != null && before.isIdentifier();
      if (depth < 63) {
        long bit = 1L << depth;
        functionParens = function ? functionParens | bit : functionParens & ~bit;
      }
      depth++;
    }

    private boolean insideFunctionCall() {
      return depth > 0 && depth <= 63 && (functionParens & (1L << (depth - 1))) != 0;
    }

    private int word(int i, Token t) {
      Token before = i > 0 ? c.token(i - 1) : null;
      String w = t.text();
      if (t.is("from")) {
        if (!insideFunctionCall() && (before == null || !before.is("distinct"))) {
          return readList(i + 1, true, reads) - 1;
        }
      } else if (t.is("join")) {
        return readList(i + 1, false, reads) - 1;
      } else if (t.is("using")) {
        if (i + 1 < to && c.token(i + 1).isIdentifier()) {
          return readList(i + 1, true, reads) - 1;
        }
      } else if (t.is("update")) {
        if (before != null && (before.is("for") || before.is("key"))) {
          forUpdate = true;
        } else if (before != null && before.is("do")) {
          upsert = true;
        } else if (before == null || !before.is("on")) {
          return readList(i + 1, false, writes) - 1;
        }
      } else if (t.is("share")) {
        if (before != null && (before.is("for") || before.is("key"))) {
          forUpdate = true;
        }
      } else if (t.is("into")) {
        if (before != null && (before.is("insert") || before.is("merge"))) {
          return readList(i + 1, false, writes) - 1;
        }
      } else if (t.is("delete")) {
        if (i + 1 < to && c.token(i + 1).is("from")) {
          return readList(i + 2, false, writes) - 1;
        }
      } else if (t.is("where")) {
        hasWhere |= depth == 0;
      } else if (!w.isEmpty()) {
        noteWithName(i);
      }
      return i;
    }

    /** {@code name AS (}, {@code name AS [NOT] MATERIALIZED (}, {@code name (cols) AS (}. */
    private void noteWithName(int i) {
      int j = i + 1;
      if (j < to && c.token(j).isSymbol("(")) {
        j = c.closingParen(j) + 1;
      }
      if (j < to && c.token(j).is("as")) {
        j++;
        if (j < to && c.token(j).is("not")) {
          j++;
        }
        if (j < to && c.token(j).is("materialized")) {
          j++;
        }
        if (j < to && c.token(j).isSymbol("(")) {
          Token before = i > 0 ? c.token(i - 1) : null;
          if (before != null
              && (before.is("with") || before.is("recursive") || before.isSymbol(","))) {
            withNames.add(c.token(i).identifierValue());
          }
        }
      }
    }

    /** Reads relation names from {@code i}; returns the index after the list. */
    private int readList(int i, boolean commas, List<RelationName> into) {
      while (i < to) {
        while (i < to && (c.token(i).is("only") || c.token(i).is("lateral"))) {
          i++;
        }
        if (i >= to || !c.token(i).isIdentifier() || isClauseWord(c.token(i))) {
          return i;
        }
        int nameStart = i;
        i++;
        while (i + 1 < to && c.token(i).isSymbol(".") && c.token(i + 1).isIdentifier()) {
          i += 2;
        }
        if (i < to && c.token(i).isSymbol("(") && into == reads) {
          return i; // a function in FROM, such as generate_series(...)
        }
        RelationName name = c.range(nameStart, i).relationName().orElseThrow();
        if (!into.contains(name)) {
          into.add(name);
        }
        if (i < to && c.token(i).isSymbol("*")) {
          i++;
        }
        if (into == writes) {
          return i; // INSERT INTO t (columns), UPDATE t SET: the rest is not a list of tables
        }
        i = skipAlias(i);
        if (!commas || i >= to || !c.token(i).isSymbol(",")) {
          return i;
        }
        i++;
      }
      return i;
    }

    private int skipAlias(int i) {
      if (i < to && c.token(i).is("as")) {
        i++;
      }
      if (i < to && c.token(i).isIdentifier() && !NOT_AN_ALIAS.contains(lower(c.token(i)))) {
        i++;
        if (i < to && c.token(i).isSymbol("(")) {
          i = c.closingParen(i) + 1;
        }
      }
      return i;
    }

    private static boolean isClauseWord(Token t) {
      return t.kind() == TokenKind.WORD
          && (t.is("select") || t.is("values") || t.is("with") || t.is("rows"));
    }

    private static String lower(Token t) {
      return t.kind() == TokenKind.WORD ? t.identifierValue() : "";
    }
  }
}
