package io.github.pgsafe.rules;

import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.Token;
import io.github.pgsafe.sql.TokenKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The column types a {@code CREATE TABLE} declares, so that a later {@code ALTER COLUMN TYPE} in
 * the same script can be judged by its old type.
 */
final class CreateTableColumns {
  /** Words that start a table constraint instead of a column. */
  private static final Set<String> TABLE_CONSTRAINT_WORDS =
      Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like");

  /** Words that end a column's type and start its constraints. */
  private static final Set<String> COLUMN_CONSTRAINT_WORDS =
      Set.of(
          "not",
          "null",
          "default",
          "primary",
          "unique",
          "check",
          "references",
          "constraint",
          "generated",
          "collate",
          "compression",
          "storage");

  private CreateTableColumns() {}

  /** Column name to type text, e.g. {@code email -> varchar(255)}; empty if it has no list. */
  static Map<String, String> of(Statement statement) {
    List<Token> tokens = statement.tokens();
    Map<String, String> columns = new LinkedHashMap<>();
    int open = indexOfFirst(tokens, "(");
    if (open < 0) {
      return columns;
    }
    int depth = 0;
    int elementStart = open + 1;
    for (int i = open + 1; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")") && depth > 0) {
        depth--;
      } else if (depth == 0 && (token.isSymbol(",") || token.isSymbol(")"))) {
        addColumn(statement, tokens.subList(elementStart, i), columns);
        elementStart = i + 1;
        if (token.isSymbol(")")) {
          break;
        }
      }
    }
    return columns;
  }

  private static void addColumn(Statement statement, List<Token> element, Map<String, String> out) {
    if (element.size() < 2 || !element.get(0).isIdentifier()) {
      return;
    }
    Token name = element.get(0);
    if (name.kind() == TokenKind.WORD && TABLE_CONSTRAINT_WORDS.contains(name.identifierValue())) {
      return;
    }
    int typeEnd = 1;
    int depth = 0;
    while (typeEnd < element.size()) {
      Token token = element.get(typeEnd);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0
          && token.kind() == TokenKind.WORD
          && COLUMN_CONSTRAINT_WORDS.contains(token.identifierValue())) {
        break;
      }
      typeEnd++;
    }
    if (typeEnd == 1) {
      return;
    }
    Token first = element.get(1);
    Token last = element.get(typeEnd - 1);
    String script = statement.text();
    int base = statement.offset();
    out.put(
        name.identifierValue(), script.substring(first.offset() - base, last.endOffset() - base));
  }

  private static int indexOfFirst(List<Token> tokens, String symbol) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).isSymbol(symbol)) {
        return i;
      }
    }
    return -1;
  }
}
