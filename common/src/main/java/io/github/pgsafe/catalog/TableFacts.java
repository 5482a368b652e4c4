package io.github.pgsafe.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the catalog knows about one table.
 *
 * @param schema its schema
 * @param name its name
 * @param partitioned true for a partitioned table, which holds no rows itself
 * @param rowEstimate {@code pg_class.reltuples}; -1 when the table was never vacuumed or analysed
 * @param totalBytes {@code pg_total_relation_size}: heap, indexes and TOAST
 * @param columns its columns in order
 * @param indexes its indexes
 * @param constraints its constraints
 */
public record TableFacts(
    String schema,
    String name,
    boolean partitioned,
    long rowEstimate,
    long totalBytes,
    List<ColumnFacts> columns,
    List<IndexFacts> indexes,
    List<ConstraintFacts> constraints) {

  public TableFacts {
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    constraints = List.copyOf(constraints);
  }

  public Optional<ColumnFacts> column(String column) {
    return columns.stream().filter(c -> c.name().equals(column)).findFirst();
  }

  public Optional<IndexFacts> index(String index) {
    return indexes.stream().filter(i -> i.name().equals(index)).findFirst();
  }

  /** Size and rows for messages: {@code 187 MB, about 2,000,000 rows}. */
  public String describeSize() {
    String size = humanBytes(totalBytes);
    return rowEstimate < 0
        ? size + ", row count not yet analysed"
        : String.format(Locale.ROOT, "%s, about %,d rows", size, rowEstimate);
  }

  /** {@code 512 bytes}, {@code 8.0 MB}, {@code 187 MB}. */
  public static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}
