package io.github.pgsafe.report;

import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.RelationLock;
import io.github.pgsafe.analysis.TableEffect;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@code pgsafe explain} prints: per statement its line, kind, locks, effect on each table and
 * whether it may run in a transaction block. The JSON shape is documented in docs/cli.md.
 */
public final class ExplainReport {

  /**
   * The analysed statements of one script.
   *
   * @param file the script's name as reports show it
   * @param operations its operations in script order, as {@code Analyzer.analyze} returns them
   */
  public record Script(String file, List<Operation> operations) {
    public Script {
      operations = List.copyOf(operations);
    }
  }

  private ExplainReport() {}

  /**
   * One block per statement:
   *
   * <pre>
   * V2__index.sql:3  CREATE_INDEX  in a transaction: allowed
   *   CREATE INDEX orders_customer_idx ON orders (customer_id)
   *   lock    orders ShareLock
   *   effect  orders INDEX_BUILD
   * </pre>
   */
  public static String text(List<Script> scripts) {
    StringBuilder out = new StringBuilder();
    int statements = 0;
    for (Script script : scripts) {
      for (Operation op : script.operations()) {
        statements++;
        out.append(script.file())
            .append(':')
            .append(op.line())
            .append("  ")
            .append(op.kind().name())
            .append("  in a transaction: ")
            .append(transactionText(op))
            .append('\n');
        out.append("  ").append(firstLine(op.statement().sql())).append('\n');
        if (op.locks().isEmpty()) {
          out.append("  lock    none\n");
        }
        for (RelationLock lock : op.locks()) {
          out.append("  lock    ")
              .append(lock.describeRelations())
              .append(' ')
              .append(lock.mode().pgLocksName())
              .append('\n');
        }
        for (TableEffect effect : op.effects()) {
          out.append("  effect  ").append(effect).append('\n');
        }
        out.append('\n');
      }
    }
    out.append(statements).append(" statement(s) in ").append(scripts.size()).append(" file(s)\n");
    return out.toString();
  }

  /**
   * A JSON array with one object per statement: {@code file}, {@code line}, {@code kind}, {@code
   * locks} ({@code relation}, {@code mode}), {@code effects} ({@code relation}, {@code effect},
   * {@code certainty}), {@code transactional} and {@code transactionBlock}.
   */
  public static String json(List<Script> scripts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Utf8Writer out = new Utf8Writer(bytes);
    JsonWriter json = new JsonWriter(out);
    json.beginArray();
    for (Script script : scripts) {
      for (Operation op : script.operations()) {
        json.beginObject();
        json.member("file", script.file()).member("line", op.line());
        json.member("kind", op.kind().name());
        json.name("locks").beginArray();
        for (RelationLock lock : op.locks()) {
          json.beginObject();
          json.member("relation", lock.describeRelations());
          json.member("mode", lock.mode().pgLocksName());
          json.endObject();
        }
        json.endArray();
        json.name("effects").beginArray();
        for (TableEffect effect : op.effects()) {
          json.beginObject();
          json.member("relation", effect.relation().toString());
          json.member("effect", effect.effect().name());
          json.member("certainty", effect.certainty().name());
          json.endObject();
        }
        json.endArray();
        json.member("transactional", op.transactionBlock().allowsTransactionBlock());
        json.member("transactionBlock", op.transactionBlock().name());
        json.endObject();
      }
    }
    json.endArray();
    out.append('\n').flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String transactionText(Operation op) {
    return switch (op.transactionBlock()) {
      case ALLOWED -> "allowed";
      case FORBIDDEN -> "not allowed";
      case REQUIRED -> "required";
    };
  }

  private static String firstLine(String sql) {
    int newline = sql.indexOf('\n');
    return newline < 0 ? sql : sql.substring(0, newline).stripTrailing() + " ...";
  }
}
