package io.github.pgsafe.operations;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.analysis.LockMode;
import io.github.pgsafe.runtime.LockRetriesExhaustedException;
import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.Unit;
import io.github.pgsafe.sql.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CREATE, DROP and REINDEX of an index CONCURRENTLY: they take SHARE UPDATE EXCLUSIVE, which blocks
 * neither reads nor writes, and they run outside any transaction.
 *
 * <p>Create:
 *
 * <ul>
 *   <li>an existing <em>valid</em> index of the same name and the same definition (compared by the
 *       server: see {@link Catalog#fingerprint}) makes it a no-op; one with another definition is
 *       an error;
 *   <li>an <em>INVALID</em> index of the same name, left by an earlier failed or killed build, is
 *       dropped concurrently first;
 *   <li>the build runs with lock_timeout (its waits for the table lock and for older transactions
 *       are lock waits) and the long statement timeout, and is retried on lock timeout; each
 *       attempt starts by dropping what the previous one left;
 *   <li>after a failure, the INVALID index the build left is dropped before the error is thrown;
 *   <li>progress is logged from {@code pg_stat_progress_create_index}.
 * </ul>
 */
public final class ConcurrentIndex implements SafeOperation {
  private static final Logger LOG = LoggerFactory.getLogger(ConcurrentIndex.class);

  private enum Kind {
    CREATE,
    DROP,
    REINDEX
  }

  private final Kind kind;
  private final Optional<IndexDefinition> definition;
  private final String quotedIndex;
  private final String displayIndex;
  private final LockRetry retry;

  private ConcurrentIndex(
      Kind kind,
      Optional<IndexDefinition> definition,
      String quotedIndex,
      String displayIndex,
      LockRetry retry) {
    this.kind = kind;
    this.definition = definition;
    this.quotedIndex = quotedIndex;
    this.displayIndex = displayIndex;
    this.retry = retry;
  }

  /** {@code CREATE [UNIQUE] INDEX CONCURRENTLY}, safely rerunnable. */
  public static ConcurrentIndex create(IndexDefinition definition, LockRetry retry) {
    String quoted =
        Identifiers.quoteQualified(definition.table().schema().orElse(null), definition.name());
    return new ConcurrentIndex(
        Kind.CREATE,
        Optional.of(definition),
        quoted,
        Identifiers.quoteIfNeeded(definition.name()),
        retry);
  }

  /** {@code DROP INDEX CONCURRENTLY IF EXISTS}; {@code index} is the index's (qualified) name. */
  public static ConcurrentIndex drop(TableName index, LockRetry retry) {
    return new ConcurrentIndex(Kind.DROP, Optional.empty(), index.sql(), index.display(), retry);
  }

  /** {@code REINDEX INDEX CONCURRENTLY}; a failed rebuild's {@code _ccnew} index is dropped. */
  public static ConcurrentIndex reindex(TableName index, LockRetry retry) {
    return new ConcurrentIndex(Kind.REINDEX, Optional.empty(), index.sql(), index.display(), retry);
  }

  @Override
  public List<PlanStep> plan() {
    return switch (kind) {
      case CREATE -> {
        IndexDefinition d = definition.orElseThrow();
        String table = d.table().sql();
        yield List.of(
            new PlanStep(
                dropSql(quotedIndex),
                List.of(new PlanStep.Lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE)),
                false,
                "only if an INVALID index of this name was left by an earlier failed build"),
            new PlanStep(
                d.createSql(),
                List.of(new PlanStep.Lock(table, LockMode.SHARE_UPDATE_EXCLUSIVE)),
                false,
                "skipped if a valid identical index exists; retried on lock timeout"));
      }
      case DROP ->
          List.of(
              new PlanStep(
                  dropSql(quotedIndex),
                  List.of(new PlanStep.Lock(quotedIndex, LockMode.SHARE_UPDATE_EXCLUSIVE)),
                  false,
                  "takes SHARE UPDATE EXCLUSIVE on the table, then waits for transactions using"
                      + " the index"));
      case REINDEX ->
          List.of(
              new PlanStep(
                  reindexSql(),
                  List.of(new PlanStep.Lock(quotedIndex, LockMode.SHARE_UPDATE_EXCLUSIVE)),
                  false,
                  "SHARE UPDATE EXCLUSIVE on the table and the index; a failed rebuild's INVALID"
                      + " _ccnew index is dropped"));
    };
  }

  @Override
  public void run(Connection connection) {
    Catalog catalog = new Catalog(connection);
    catalog.requireNoTransaction(plan().get(plan().size() - 1).sql());
    switch (kind) {
      case CREATE -> create(connection, catalog, definition.orElseThrow());
      case DROP -> dropIndex(connection, quotedIndex, "DROP INDEX CONCURRENTLY " + displayIndex);
      case REINDEX -> reindex(connection, catalog);
    }
  }

  private void create(Connection connection, Catalog catalog, IndexDefinition d) {
    String sql = d.createSql();
    Optional<Catalog.Index> existing = catalog.index(d.table(), d.name());
    if (existing.isPresent()) {
      Catalog.Index index = existing.get();
      List<Integer> builders = catalog.buildersOf(index.oid());
      if (!builders.isEmpty()) {
        throw new PgsafeException(
            "pgsafe did not run "
                + sql
                + ": index "
                + displayIndex
                + " is being built right now by pid "
                + builders.get(0)
                + ". Nothing was changed. Wait for that build to end and run again.");
      }
      if (index.valid()) {
        String wanted = probeFingerprint(connection, d);
        if (catalog.fingerprint(index.oid()).equals(wanted)) {
          LOG.info("pgsafe: index {} already exists as defined; nothing to do", displayIndex);
          return;
        }
        throw new PgsafeException(
            "pgsafe did not run "
                + sql
                + ": index "
                + displayIndex
                + " already exists with another definition ("
                + index.definition()
                + "). Nothing was changed. Drop it (DROP INDEX CONCURRENTLY "
                + displayIndex
                + ") or give the new index another name.");
      }
      LOG.info(
          "pgsafe: index {} is INVALID, left by an earlier failed build ({}); dropping it"
              + " concurrently before building it again",
          displayIndex,
          index.definition());
    }
    String quoted = qualifiedIn(d.table(), d.name(), connection);
    try (IndexBuildProgress progress =
        IndexBuildProgress.start(retry.monitorConnections(), catalog.backendPid(), sql)) {
      retry.run(
          connection,
          Unit.<Void>autocommit(
                  sql,
                  c -> {
                    dropIfInvalid(c, d);
                    execute(c, sql);
                    return null;
                  })
              .withLongStatementTimeout()
              .withRelations(List.of(d.table().sql())));
      progress.finish();
    } catch (LockRetriesExhaustedException e) {
      throw e.withNote(cleanUpAfterFailure(connection, d, quoted));
    } catch (PgsafeException e) {
      String cleanup = cleanUpAfterFailure(connection, d, quoted);
      throw new PgsafeException(
          e.getMessage()
              + " "
              + cleanup
              + (d.unique()
                  ? " If the data has duplicates, remove them and run again."
                  : " Fix the cause and run again."),
          e);
    }
  }

  /** Drops the INVALID index of the definition's name, if there is one; tells what it did. */
  private String cleanUpAfterFailure(Connection connection, IndexDefinition d, String quoted) {
    try {
      if (connection.isClosed() || !connection.isValid(2)) {
        return "The connection was lost, so the INVALID index "
            + displayIndex
            + " it may have left is still there; the next run drops it first, or run: DROP INDEX"
            + " CONCURRENTLY IF EXISTS "
            + displayIndex
            + ";";
      }
      Optional<Catalog.Index> left = new Catalog(connection).index(d.table(), d.name());
      if (left.isEmpty() || left.get().valid()) {
        return "The failed build left no index behind.";
      }
      dropIndex(connection, quoted, "DROP INDEX CONCURRENTLY " + displayIndex);
      return "pgsafe dropped the INVALID index "
          + displayIndex
          + " that the failed build left behind, so nothing of it remains.";
    } catch (SQLException | PgsafeException e) {
      return "pgsafe could not drop the INVALID index "
          + displayIndex
          + " that the failed build left behind ("
          + e.getMessage()
          + "); the next run drops it first, or run: DROP INDEX CONCURRENTLY IF EXISTS "
          + displayIndex
          + ";";
    }
  }

  private void dropIfInvalid(Connection c, IndexDefinition d) throws SQLException {
    Optional<Catalog.Index> index = new Catalog(c).index(d.table(), d.name());
    if (index.isPresent() && !index.get().valid()) {
      execute(c, dropSql(Identifiers.quoteQualified(index.get().schema(), index.get().name())));
      LOG.info("pgsafe: dropped INVALID index {}", displayIndex);
    }
  }

  private void dropIndex(Connection connection, String quoted, String description) {
    retry.run(
        connection,
        Unit.<Void>autocommit(
            description,
            c -> {
              execute(c, dropSql(quoted));
              return null;
            }));
  }

  private void reindex(Connection connection, Catalog catalog) {
    Catalog.Index index =
        catalog
            .index(quotedIndex)
            .orElseThrow(
                () ->
                    new PgsafeException(
                        "pgsafe found no index "
                            + displayIndex
                            + " to reindex; nothing was changed."));
    String sql = reindexSql();
    try (IndexBuildProgress progress =
        IndexBuildProgress.start(retry.monitorConnections(), catalog.backendPid(), sql)) {
      retry.run(
          connection,
          Unit.<Void>autocommit(
                  sql,
                  c -> {
                    dropLeftoverCopies(c, index);
                    execute(c, sql);
                    return null;
                  })
              .withLongStatementTimeout());
      progress.finish();
    } catch (PgsafeException e) {
      try {
        if (connection.isValid(2)) {
          dropLeftoverCopies(connection, index);
        }
      } catch (SQLException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** REINDEX CONCURRENTLY builds {@code <name>_ccnew}; a failed one stays as an INVALID index. */
  private void dropLeftoverCopies(Connection c, Catalog.Index index) throws SQLException {
    for (Catalog.Index copy :
        new Catalog(c).invalidIndexesLike(quotedIndex, index.name() + "_ccnew")) {
      execute(c, dropSql(Identifiers.quoteQualified(copy.schema(), copy.name())));
      LOG.info("pgsafe: dropped INVALID index {} left by a failed REINDEX", copy.name());
    }
  }

  private String reindexSql() {
    return "REINDEX INDEX CONCURRENTLY " + quotedIndex;
  }

  private static String dropSql(String quotedIndex) {
    return "DROP INDEX CONCURRENTLY IF EXISTS " + quotedIndex;
  }

  /** The index's name qualified with the schema its table really lives in. */
  private static String qualifiedIn(TableName table, String name, Connection connection) {
    if (table.schema().isPresent()) {
      return Identifiers.quoteQualified(table.schema().get(), name);
    }
    try (var ps =
        connection.prepareStatement(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, table.sql());
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new PgsafeException(
              "pgsafe found no table " + table.display() + "; nothing was changed.");
        }
        return Identifiers.quoteQualified(rs.getString(1), name);
      }
    } catch (SQLException e) {
      throw new PgsafeException(
          "pgsafe could not look up table " + table.display() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The server's fingerprint of the index {@code d} would build: built on an empty temporary copy
   * of the table (LIKE), read, and dropped with the transaction.
   */
  private String probeFingerprint(Connection connection, IndexDefinition d) {
    return retry.run(
        connection,
        Unit.transaction(
            "compare the definition of index " + displayIndex,
            c -> {
              execute(
                  c,
                  "CREATE TEMPORARY TABLE pgsafe_probe (LIKE "
                      + d.table().sql()
                      + ") ON COMMIT DROP");
              execute(c, d.createSql(false, "pgsafe_probe_idx", "pgsafe_probe"));
              long oid;
              try (Statement st = c.createStatement();
                  var rs =
                      st.executeQuery(
                          "SELECT c.oid FROM pg_class c WHERE c.relname = 'pgsafe_probe_idx'"
                              + " AND c.relnamespace = pg_my_temp_schema()")) {
                rs.next();
                oid = rs.getLong(1);
              }
              return new Catalog(c).fingerprint(oid);
            }));
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
