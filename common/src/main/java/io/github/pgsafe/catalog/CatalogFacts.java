package io.github.pgsafe.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the user tables of one database, read once before linting.
 *
 * @param serverVersionNum {@code server_version_num}, e.g. {@code 150020}
 * @param searchPath the schemas an unqualified name is looked up in, in order
 * @param tables every table, partitioned table and materialized view outside the system schemas
 */
public record CatalogFacts(int serverVersionNum, List<String> searchPath, List<TableFacts> tables) {

  public CatalogFacts {
    searchPath = List.copyOf(searchPath);
    tables = List.copyOf(tables);
  }

  public int majorVersion() {
    return serverVersionNum / 10_000;
  }

  /** The table a statement means by {@code schema.name}, or by {@code name} on the search path. */
  public Optional<TableFacts> table(Optional<String> schema, String name) {
    List<String> schemas = schema.map(List::of).orElse(searchPath);
    for (String candidate : schemas) {
      for (TableFacts table : tables) {
        if (table.schema().equals(candidate) && table.name().equals(name)) {
          return Optional.of(table);
        }
      }
    }
    return Optional.empty();
  }
}
