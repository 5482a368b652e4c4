package io.github.pgsafe.flyway;

import io.github.pgsafe.analysis.Detail;
import io.github.pgsafe.analysis.Flag;
import io.github.pgsafe.analysis.Operation;
import io.github.pgsafe.analysis.OperationKind;
import io.github.pgsafe.analysis.RelationName;
import io.github.pgsafe.operations.ConcurrentIndex;
import io.github.pgsafe.operations.IndexDefinition;
import io.github.pgsafe.operations.TableName;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import io.github.pgsafe.sql.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a statement that cannot run in a transaction block, on an auto-commit connection, through
 * pgsafe: {@code CREATE/DROP/REINDEX INDEX CONCURRENTLY} through {@link ConcurrentIndex} (INVALID
 * leftovers dropped, no-op when the same index exists, retried on lock timeout), everything else
 * ({@code VACUUM}, {@code DETACH PARTITION ... CONCURRENTLY}, {@code ALTER TYPE ... ADD VALUE},
 * {@code REINDEX TABLE ... CONCURRENTLY}) as one auto-commit {@link Unit} of {@link LockRetry}.
 */
final class NonTransactionalStatement {
  private NonTransactionalStatement() {}

  static void run(Connection connection, Operation operation, LockRetry retry) {
    Statement statement = operation.statement();
    Optional<ConcurrentIndex> index = asConcurrentIndex(operation, retry);
    if (index.isPresent()) {
      index.get().run(connection);
      return;
    }
    String sql = statement.sql();
    Optional<String> createdIndex = createdIndexName(operation);
    Unit<Void> unit =
        Unit.<Void>autocommit(
                sql,
                c -> {
                  if (createdIndex.isPresent()) {
                    dropIfInvalid(c, createdIndex.get());
                  }
                  try (java.sql.Statement st = c.createStatement()) {
                    st.execute(sql);
                  }
                  return null;
                })
            .withLongStatementTimeout()
            .withRelations(
                operation.target().map(NonTransactionalStatement::quoted).stream().toList());
    try {
      retry.run(connection, unit);
    } catch (RuntimeException e) {
      if (createdIndex.isPresent()) {
        try {
          dropIfInvalid(connection, createdIndex.get());
        } catch (SQLException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  /** The operation as a {@link ConcurrentIndex}, when it says exactly what one can run. */
  static Optional<ConcurrentIndex> asConcurrentIndex(Operation operation, LockRetry retry) {
    if (!operation.has(Flag.CONCURRENTLY)) {
      return Optional.empty();
    }
    if (operation.kind() == OperationKind.CREATE_INDEX
        && operation.detail() instanceof Detail.Index d
        && d.name().isPresent()
        && !operation.has(Flag.IF_NOT_EXISTS)) {
      IndexDefinition definition =
          new IndexDefinition(
              tableName(d.table()),
              d.name().get(),
              List.of(unparenthesised(d.keys())),
              operation.has(Flag.UNIQUE),
              hasWord(operation.statement(), "USING") ? Optional.of(d.method()) : Optional.empty(),
              d.include().map(i -> List.of(unparenthesised(i))).orElse(List.of()),
              d.where());
      // Only when pgsafe's statement says the same as the user's: WITH (...), TABLESPACE,
      // NULLS NOT DISTINCT or ONLY are run as written instead.
      if (sameTokens(operation.statement(), definition.createSql())) {
        return Optional.of(ConcurrentIndex.create(definition, retry));
      }
      return Optional.empty();
    }
    if ((operation.kind() == OperationKind.DROP_INDEX || operation.kind() == OperationKind.REINDEX)
        && operation.target().isPresent()
        && !operation.has(Flag.CASCADE)) {
      TableName name = tableName(operation.target().get());
      String expected =
          operation.kind() == OperationKind.DROP_INDEX
              ? "DROP INDEX CONCURRENTLY " + (operation.has(Flag.IF_EXISTS) ? "IF EXISTS " : "")
              : "REINDEX INDEX CONCURRENTLY ";
      if (!sameTokens(operation.statement(), expected + name.sql())) {
        return Optional.empty();
      }
      return Optional.of(
          operation.kind() == OperationKind.DROP_INDEX
              ? ConcurrentIndex.drop(name, retry)
              : ConcurrentIndex.reindex(name, retry));
    }
    return Optional.empty();
  }

  private static Optional<String> createdIndexName(Operation operation) {
    if (operation.kind() == OperationKind.CREATE_INDEX
        && operation.detail() instanceof Detail.Index d
        && d.name().isPresent()) {
      return Optional.of(
          Identifiers.quoteQualified(d.table().schema().orElse(null), d.name().get()));
    }
    return Optional.empty();
  }

  private static void dropIfInvalid(Connection c, String quotedIndex) throws SQLException {
    boolean invalid;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
      ps.setString(1, quotedIndex);
      try (ResultSet rs = ps.executeQuery()) {
        invalid = rs.next() && rs.getBoolean(1);
      }
    }
    if (invalid) {
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + quotedIndex);
      }
    }
  }

  private static TableName tableName(RelationName relation) {
    return relation.schema().isPresent()
        ? TableName.of(relation.schema().get(), relation.name())
        : TableName.of(relation.name());
  }

  private static String quoted(RelationName relation) {
    return Identifiers.quoteQualified(relation.schema().orElse(null), relation.name());
  }

  private static String unparenthesised(String text) {
    String t = text.strip();
    return t.startsWith("(") && t.endsWith(")") ? t.substring(1, t.length() - 1).strip() : t;
  }

  private static boolean hasWord(Statement statement, String word) {
    return statement.tokens().stream().anyMatch(t -> t.text().equalsIgnoreCase(word));
  }

  /** Same tokens, ignoring case and identifier quotes. */
  private static boolean sameTokens(Statement original, String generated) {
    List<Statement> parsed = Splitter.split(generated);
    if (parsed.isEmpty()) {
      return false;
    }
    return normalized(original.tokens()).equals(normalized(parsed.get(0).tokens()));
  }

  private static List<String> normalized(List<Token> tokens) {
    return tokens.stream().map(t -> t.text().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
  }
}
