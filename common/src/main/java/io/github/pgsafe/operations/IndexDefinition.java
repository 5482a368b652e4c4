package io.github.pgsafe.operations;

import io.github.pgsafe.sql.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An index to build: {@code IndexDefinition.on(orders,
 * "orders_customer_idx").column("customer_id")}. Columns are names and quoted by pgsafe; {@link
 * #expression} and {@link #where} take SQL that the migration author wrote, exactly as it would
 * appear in {@code CREATE INDEX}.
 *
 * @param table the indexed table; the index lives in its schema
 * @param name the index name, unqualified
 * @param keys key elements as SQL: quoted columns or parenthesised expressions
 * @param unique {@code UNIQUE}
 * @param method the access method ({@code btree}, {@code gin}, ...); empty means the default
 * @param include {@code INCLUDE} columns
 * @param predicate the {@code WHERE} of a partial index, as SQL
 */
public record IndexDefinition(
    TableName table,
    String name,
    List<String> keys,
    boolean unique,
    Optional<String> method,
    List<String> include,
    Optional<String> predicate) {

  public IndexDefinition {
    Identifiers.quote(name);
    keys = List.copyOf(keys);
    include = List.copyOf(include);
  }

  public static IndexDefinition on(TableName table, String name) {
    return new IndexDefinition(
        table, name, List.of(), false, Optional.empty(), List.of(), Optional.empty());
  }

  /** Adds key columns, by name. */
  public IndexDefinition column(String... columns) {
    List<String> k = new ArrayList<>(keys);
    for (String column : columns) {
      k.add(Identifiers.quote(column));
    }
    return new IndexDefinition(table, name, k, unique, method, include, predicate);
  }

  /** Adds a key expression, as SQL: {@code lower(email)}. */
  public IndexDefinition expression(String sql) {
    List<String> k = new ArrayList<>(keys);
    k.add("(" + sql + ")");
    return new IndexDefinition(table, name, k, unique, method, include, predicate);
  }

  /** Makes it a UNIQUE index. */
  public IndexDefinition asUnique() {
    return new IndexDefinition(table, name, keys, true, method, include, predicate);
  }

  public IndexDefinition using(String accessMethod) {
    return new IndexDefinition(
        table, name, keys, unique, Optional.of(accessMethod), include, predicate);
  }

  public IndexDefinition include(String... columns) {
    List<String> i = new ArrayList<>(include);
    for (String column : columns) {
      i.add(Identifiers.quote(column));
    }
    return new IndexDefinition(table, name, keys, unique, method, i, predicate);
  }

  /** A partial index's predicate, as SQL: {@code status = 'open'}. */
  public IndexDefinition where(String sql) {
    return new IndexDefinition(table, name, keys, unique, method, include, Optional.of(sql));
  }

  /** {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table ...}, for any index name/table. */
  String createSql(boolean concurrently, String indexName, String quotedTable) {
    if (keys.isEmpty()) {
      throw new IllegalStateException("index " + name + " has no key columns or expressions");
    }
    StringBuilder sql = new StringBuilder("CREATE ");
    if (unique) {
      sql.append("UNIQUE ");
    }
    sql.append("INDEX ");
    if (concurrently) {
      sql.append("CONCURRENTLY ");
    }
    sql.append(Identifiers.quote(indexName)).append(" ON ").append(quotedTable);
    method.ifPresent(m -> sql.append(" USING ").append(Identifiers.quote(m)));
    sql.append(" (").append(String.join(", ", keys)).append(')');
    if (!include.isEmpty()) {
      sql.append(" INCLUDE (").append(String.join(", ", include)).append(')');
    }
    predicate.ifPresent(p -> sql.append(" WHERE ").append(p));
    return sql.toString();
  }

  /** The statement pgsafe runs. */
  public String createSql() {
    return createSql(true, name, table.sql());
  }
}
