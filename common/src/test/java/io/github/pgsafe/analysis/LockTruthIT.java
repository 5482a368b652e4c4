package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The lock truth test: runs every case of {@code lock-truth-cases.sql} on a live server and checks
 * that the analyser's claims are what the server did, for the server's own major version.
 *
 * <p>Statements that may run in a transaction block run in one that rolls back, on a fresh copy of
 * {@code lock-truth-fixture.sql} (1,000 rows per table). Observed there:
 *
 * <ul>
 *   <li>locks: the statement's own backend's granted relation locks in {@code pg_locks}, strongest
 *       mode per relation;
 *   <li>rewrite: {@code pg_class.relfilenode} of each table and materialized view, before and
 *       after;
 *   <li>scan: {@code pg_stat_xact_user_tables.seq_scan} of the transaction.
 * </ul>
 *
 * <p>What is left out, and why:
 *
 * <ul>
 *   <li>relations of {@code pg_catalog}, {@code information_schema} and {@code pg_toast}: every
 *       statement touches catalogs, and a TOAST table is locked with its table;
 *   <li>relations that did not exist before the statement, and claims on them: no other session can
 *       see a relation before its creator commits, so its locks make no one wait;
 *   <li>locks on an index, an owned sequence or a partition (child) that are no stronger than the
 *       claimed lock on its table (parent): PostgreSQL opens those with, or after, their table, and
 *       which ones exist is catalog knowledge. A stronger lock there must be claimed explicitly
 *       ({@code indexes of orders}, {@code REINDEX TABLE});
 *   <li>claims of scope {@code TABLES_IN_SCHEMA} and {@code ANY_TABLE} cover any lock up to their
 *       mode on those tables, but the test does not require one;
 *   <li>scans of tables a query reads or a data change writes (ACCESS SHARE, ROW SHARE, ROW
 *       EXCLUSIVE): whether those scan is up to the planner;
 *   <li>claims marked {@link TableEffect.Certainty#WORST_CASE} need not happen, but nothing worse
 *       may.
 * </ul>
 *
 * <p>Statements the analyser says cannot run in a transaction block are run inside one (and must
 * fail with SQLSTATE 25001), then outside, while a third session holds ACCESS EXCLUSIVE on the
 * case's {@code hold} table: the lock the statement waits for ({@code granted = false}) must be
 * claimed at least that strong, and every lock it already holds must be covered by a claim.
 * Statements said to need a transaction block must fail outside one with SQLSTATE 25P01.
 */
@Tag("compat")
class LockTruthIT {
  private static final String ACTIVE_SQL_TRANSACTION = "25001";
  private static final String NO_ACTIVE_SQL_TRANSACTION = "25P01";

  private static ScratchDatabases databases;
  private static String template;
  private static PgVersion version;
  private static Analyzer analyzer;

  @BeforeAll
  static void createTemplate() throws Exception {
    databases = new ScratchDatabases("locktruth");
    version = databases.serverVersion();
    analyzer = Analyzer.forVersion(version);
    template = databases.create(null);
    try (Connection c = databases.connect(template)) {
      execute(c, resource("lock-truth-fixture.sql"));
    }
  }

  @AfterAll
  static void dropDatabases() throws SQLException {
    databases.close();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseLocksAndChangesWhatTheAnalyserClaims() {
    return LockTruthCase.load("lock-truth-cases.sql").stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(LockTruthCase c) throws Exception {
    assumeTrue(version.isAtLeast(c.sinceMajor()), c.name() + " needs PostgreSQL " + c.sinceMajor());
    List<Operation> operations = analyzer.analyzeScript(c.setup() + c.statement());
    Operation op = operations.get(operations.size() - 1);
    assertThat(op.isUnrecognised()).as("%s is recognised", c.name()).isFalse();
    String database = databases.create(template);
    List<String> mismatches = new ArrayList<>();
    try (Connection run = databases.connect(database)) {
      execute(run, c.setup());
      Snapshot before = Snapshot.take(run);
      if (op.transactionBlock() == TransactionBlock.FORBIDDEN) {
        observeOutsideTransaction(c, op, database, before, mismatches);
      } else {
        observeInTransaction(run, c, op, before, mismatches);
      }
    } finally {
      databases.drop(database);
    }
    assertThat(mismatches)
        .as(
            "%s on %s: analyser said locks %s, effects %s, %s",
            c.name(), version, op.locks(), op.effects(), op.transactionBlock())
        .isEmpty();
  }

  // ---- statements that run in a transaction block ----

  private static void observeInTransaction(
      Connection run, LockTruthCase c, Operation op, Snapshot before, List<String> mismatches)
      throws SQLException {
    Map<Long, LockMode> locks;
    Map<Long, Long> fileNodes;
    Map<Long, Long> seqScans;
    run.setAutoCommit(false);
    try (java.sql.Statement s = run.createStatement()) {
      try {
        s.execute(c.statement());
      } catch (SQLException e) {
        mismatches.add("failed in a transaction block: " + e.getSQLState() + " " + e.getMessage());
        return;
      }
      locks = ownLocks(run, true);
      fileNodes = fileNodes(run);
      seqScans = seqScans(run);
    } finally {
      run.rollback();
      run.setAutoCommit(true);
    }
    Claims claims = Claims.of(op, before);
    claims.compareLocks(locks, before, mismatches);
    claims.compareRewrites(before, fileNodes, mismatches);
    claims.compareScans(before, seqScans, mismatches);
    if (op.transactionBlock() == TransactionBlock.REQUIRED) {
      try (java.sql.Statement s = run.createStatement()) {
        s.execute(c.statement());
        mismatches.add("ran outside a transaction block, analyser says it needs one");
      } catch (SQLException e) {
        if (!NO_ACTIVE_SQL_TRANSACTION.equals(e.getSQLState())) {
          mismatches.add("outside a transaction block failed with " + e.getSQLState());
        }
      }
    }
  }

  // ---- statements that cannot run in a transaction block ----

  private static void observeOutsideTransaction(
      LockTruthCase c, Operation op, String database, Snapshot before, List<String> mismatches)
      throws Exception {
    try (Connection tx = databases.connect(database)) {
      tx.setAutoCommit(false);
      try (java.sql.Statement s = tx.createStatement()) {
        s.execute(c.statement());
        mismatches.add("ran inside a transaction block, analyser says it cannot");
      } catch (SQLException e) {
        if (!ACTIVE_SQL_TRANSACTION.equals(e.getSQLState())) {
          mismatches.add(
              "inside a transaction block failed with "
                  + e.getSQLState()
                  + " instead of 25001: "
                  + e.getMessage());
        }
      } finally {
        tx.rollback();
      }
    }
    Claims claims = Claims.of(op, before);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Connection holder = databases.connect(database);
        Connection run = databases.connect(database);
        Connection observer = databases.connect(database)) {
      if (c.hold().isPresent()) {
        holder.setAutoCommit(false);
        try (java.sql.Statement s = holder.createStatement()) {
          s.execute("LOCK TABLE " + c.hold().get() + " IN ACCESS EXCLUSIVE MODE");
        }
      }
      long pid = backendPid(run);
      Future<?> running =
          executor.submit(
              () -> {
                try (java.sql.Statement s = run.createStatement()) {
                  s.execute(c.statement());
                }
                return null;
              });
      if (c.hold().isPresent()) {
        Map<Long, LockMode> waiting = waitForBlockedLock(observer, pid);
        if (waiting.isEmpty()) {
          mismatches.add("never waited behind the lock on " + c.hold().get());
        }
        claims.compareWaiting(waiting, before, mismatches);
        claims.compareHeldSoFar(locksOf(observer, pid, true), before, mismatches);
        holder.rollback();
      }
      try {
        running.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        mismatches.add("failed outside a transaction block: " + e.getCause().getMessage());
        return;
      }
      claims.compareRewrites(before, fileNodes(observer), mismatches);
    } finally {
      executor.shutdownNow();
    }
  }

  private static Map<Long, LockMode> waitForBlockedLock(Connection observer, long pid)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Map<Long, LockMode> waiting = locksOf(observer, pid, false);
      if (!waiting.isEmpty()) {
        return waiting;
      }
      Thread.sleep(20);
    }
    return Map.of();
  }

  // ---- what the server shows ----

  private static long backendPid(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<Long, LockMode> ownLocks(Connection c, boolean granted) throws SQLException {
    return locksOf(c, backendPid(c), granted);
  }

  /** Relation locks of backend {@code pid} in this database, strongest mode per relation. */
  private static Map<Long, LockMode> locksOf(Connection c, long pid, boolean granted)
      throws SQLException {
    Map<Long, LockMode> locks = new HashMap<>();
    try (var s =
        c.prepareStatement(
            "SELECT relation::bigint, mode FROM pg_locks WHERE pid = ? AND granted = ?"
                + " AND locktype = 'relation'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
      s.setLong(1, pid);
      s.setBoolean(2, granted);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          LockMode mode = LockMode.fromPgLocksName(rs.getString(2)).orElseThrow();
          locks.merge(rs.getLong(1), mode, LockMode::max);
        }
      }
    }
    return locks;
  }

  private static Map<Long, Long> fileNodes(Connection c) throws SQLException {
    Map<Long, Long> nodes = new HashMap<>();
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT oid::bigint, relfilenode::bigint FROM pg_class")) {
      while (rs.next()) {
        nodes.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return nodes;
  }

  private static Map<Long, Long> seqScans(Connection c) throws SQLException {
    Map<Long, Long> scans = new HashMap<>();
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT relid::bigint, seq_scan FROM pg_stat_xact_user_tables")) {
      while (rs.next()) {
        scans.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return scans;
  }

  /** The user relations of the database before the statement. */
  record Snapshot(Map<Long, Relation> relations, Map<Long, List<Long>> dependencies) {
    static Snapshot take(Connection c) throws SQLException {
      Map<Long, Relation> relations = new HashMap<>();
      String sql =
          "SELECT c.oid::bigint, n.nspname, c.relname, c.relkind, c.relfilenode::bigint,"
              + " coalesce(i.indrelid, (SELECT d.refobjid FROM pg_depend d"
              + "   WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid"
              + "   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1),"
              + "   0)::bigint,"
              + " coalesce((SELECT h.inhparent FROM pg_inherits h WHERE h.inhrelid = c.oid LIMIT 1),"
              + "   0)::bigint"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
              + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
              + " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";
      try (java.sql.Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          Relation r =
              new Relation(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4).charAt(0),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7));
          relations.put(r.oid(), r);
        }
      }
      Map<Long, List<Long>> dependencies = new HashMap<>();
      String viewSources =
          "SELECT DISTINCT r.ev_class::bigint, d.refobjid::bigint FROM pg_rewrite r"
              + " JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
              + " AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class";
      try (java.sql.Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(viewSources)) {
        while (rs.next()) {
          dependencies.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
      return new Snapshot(relations, dependencies);
    }

    /** The relations the rules of view {@code view} read, from pg_depend. */
    List<Long> readBy(long view) {
      return dependencies.getOrDefault(view, List.of());
    }

    Optional<Relation> find(RelationName name) {
      Relation unqualifiedMatch = null;
      for (Relation r : relations.values()) {
        if (!r.name().equals(name.name())) {
          continue;
        }
        if (name.schema().isPresent()) {
          if (name.schema().get().equals(r.schema())) {
            return Optional.of(r);
          }
        } else if (r.schema().equals("public") || unqualifiedMatch == null) {
          unqualifiedMatch = r;
        }
      }
      return Optional.ofNullable(name.schema().isPresent() ? null : unqualifiedMatch);
    }

    String describe(long oid) {
      Relation r = relations.get(oid);
      return r == null ? "oid " + oid : r.schema() + "." + r.name();
    }
  }

  /**
   * @param owner the table of an index or of an owned sequence, else 0
   * @param parent the partitioned (or inheritance) parent, else 0
   */
  record Relation(
      long oid, String schema, String name, char kind, long fileNode, long owner, long parent) {
    boolean isTable() {
      return kind == 'r' || kind == 'm';
    }
  }

  /** The analyser's claims, resolved to the relations of the database. */
  private static final class Claims {
    private final Map<Long, LockMode> exact = new HashMap<>();
    private final Map<String, LockMode> wholeSchemas = new HashMap<>();
    private LockMode anyTable;
    private final Map<Long, TableEffect> effects = new HashMap<>();

    static Claims of(Operation op, Snapshot before) {
      Claims claims = new Claims();
      for (RelationLock lock : op.locks()) {
        Optional<Relation> named = before.find(lock.relation());
        switch (lock.scope()) {
          case RELATION -> named.ifPresent(r -> claims.claim(r.oid(), lock.mode()));
          case TABLE_OF_INDEX -> named.ifPresent(r -> claims.claim(r.owner(), lock.mode()));
          case INDEXES_OF_TABLE ->
              named.ifPresent(
                  table ->
                      before.relations().values().stream()
                          .filter(r -> r.kind() == 'i' && r.owner() == table.oid())
                          .forEach(r -> claims.claim(r.oid(), lock.mode())));
          case TABLES_READ_BY_VIEW ->
              named.ifPresent(
                  view -> before.readBy(view.oid()).forEach(t -> claims.claim(t, lock.mode())));
          case TABLES_IN_SCHEMA ->
              claims.wholeSchemas.merge(lock.relation().name(), lock.mode(), LockMode::max);
          case ANY_TABLE ->
              claims.anyTable =
                  claims.anyTable == null ? lock.mode() : claims.anyTable.max(lock.mode());
        }
      }
      for (TableEffect effect : op.effects()) {
        before
            .find(effect.relation())
            .ifPresent(
                r -> {
                  claims.effects.put(r.oid(), effect);
                  // An effect claimed on an index (REINDEX INDEX, ALTER INDEX) reads its table.
                  if (r.kind() == 'i' && r.owner() != 0) {
                    claims.effects.putIfAbsent(r.owner(), effect);
                  }
                });
      }
      return claims;
    }

    private void claim(long oid, LockMode mode) {
      exact.merge(oid, mode, LockMode::max);
    }

    /** True if a lock of {@code mode} on {@code r} needs no claim of its own. */
    private boolean covered(Relation r, LockMode mode, Snapshot before) {
      if (anyTable != null && mode.compareTo(anyTable) <= 0) {
        return true;
      }
      LockMode schemaMode = wholeSchemas.get(r.schema());
      if (schemaMode != null && mode.compareTo(schemaMode) <= 0) {
        return true;
      }
      for (long up : new long[] {r.owner(), r.parent()}) {
        if (up == 0) {
          continue;
        }
        LockMode upMode = exact.get(up);
        if (upMode != null && mode.compareTo(upMode) <= 0) {
          return true;
        }
        Relation upRelation = before.relations().get(up);
        if (upRelation != null && upMode == null && covered(upRelation, mode, before)) {
          return true;
        }
      }
      return false;
    }

    void compareLocks(Map<Long, LockMode> observed, Snapshot before, List<String> mismatches) {
      exact.forEach(
          (oid, mode) -> {
            LockMode held = observed.get(oid);
            if (held != mode) {
              mismatches.add(
                  "lock on "
                      + before.describe(oid)
                      + ": analyser claims "
                      + mode.pgLocksName()
                      + ", server held "
                      + (held == null ? "none" : held.pgLocksName()));
            }
          });
      compareUnclaimed(observed, before, mismatches, "held");
    }

    private void compareUnclaimed(
        Map<Long, LockMode> observed, Snapshot before, List<String> mismatches, String verb) {
      observed.forEach(
          (oid, mode) -> {
            Relation r = before.relations().get(oid);
            if (r != null && !exact.containsKey(oid) && !covered(r, mode, before)) {
              mismatches.add(
                  "server "
                      + verb
                      + " "
                      + mode.pgLocksName()
                      + " on "
                      + before.describe(oid)
                      + ", which the analyser does not claim");
            }
          });
    }

    void compareWaiting(Map<Long, LockMode> waiting, Snapshot before, List<String> mismatches) {
      waiting.forEach(
          (oid, mode) -> {
            LockMode claimed = exact.get(oid);
            Relation r = before.relations().get(oid);
            if (r != null && (claimed == null || claimed.compareTo(mode) < 0)) {
              mismatches.add(
                  "server waited for "
                      + mode.pgLocksName()
                      + " on "
                      + before.describe(oid)
                      + ", analyser claims "
                      + (claimed == null ? "none" : claimed.pgLocksName()));
            }
          });
    }

    void compareHeldSoFar(Map<Long, LockMode> held, Snapshot before, List<String> mismatches) {
      held.forEach(
          (oid, mode) -> {
            LockMode claimed = exact.get(oid);
            Relation r = before.relations().get(oid);
            if (r != null
                && (claimed == null ? !covered(r, mode, before) : claimed.compareTo(mode) < 0)) {
              mismatches.add(
                  "server held "
                      + mode.pgLocksName()
                      + " on "
                      + before.describe(oid)
                      + " while waiting, analyser claims "
                      + (claimed == null ? "none" : claimed.pgLocksName()));
            }
          });
    }

    void compareRewrites(Snapshot before, Map<Long, Long> fileNodesAfter, List<String> mismatches) {
      for (Relation r : before.relations().values()) {
        TableEffect claimed = effects.get(r.oid());
        boolean claimedReplace = claimed != null && claimed.effect().replacesStorage();
        if (!r.isTable() && !claimedReplace) {
          continue;
        }
        Long after = fileNodesAfter.get(r.oid());
        if (after == null) {
          continue; // dropped by the statement
        }
        boolean changed = after != r.fileNode();
        if (changed && !claimedReplace) {
          mismatches.add(
              "server gave "
                  + before.describe(r.oid())
                  + " new storage (relfilenode changed), analyser claims "
                  + (claimed == null ? "no effect" : claimed));
        } else if (!changed
            && claimedReplace
            && claimed.certainty() == TableEffect.Certainty.CERTAIN) {
          mismatches.add(
              "analyser claims " + claimed + ", but relfilenode of " + r.name() + " is unchanged");
        }
      }
    }

    void compareScans(Snapshot before, Map<Long, Long> seqScans, List<String> mismatches) {
      for (Relation r : before.relations().values()) {
        if (!r.isTable()) {
          continue;
        }
        long scans = seqScans.getOrDefault(r.oid(), 0L);
        TableEffect claimed = effects.get(r.oid());
        if (claimed == null && r.parent() != 0) {
          claimed = effects.get(r.parent()); // a statement on a partitioned table recurses
        }
        Effect effect = claimed == null ? Effect.NONE : claimed.effect();
        LockMode lock = exact.get(r.oid());
        boolean queried = lock != null && lock.compareTo(LockMode.ROW_EXCLUSIVE) <= 0;
        boolean scanClaimed = effect.readsWholeTable() || effect == Effect.ROW_LOCKS || queried;
        if (scans > 0 && !scanClaimed) {
          mismatches.add(
              "server scanned "
                  + before.describe(r.oid())
                  + " (seq_scan "
                  + scans
                  + "), analyser claims "
                  + (claimed == null ? "no effect" : claimed));
        } else if (scans == 0
            && effect == Effect.SCAN
            && claimed.certainty() == TableEffect.Certainty.CERTAIN) {
          mismatches.add("analyser claims " + claimed + ", but the server did not scan it");
        }
      }
    }
  }

  // ---- helpers ----

  private static void execute(Connection c, String script) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      for (Statement statement : Splitter.split(script)) {
        if (statement.isExecutable()) {
          s.execute(statement.sql());
        }
      }
    }
  }

  private static String resource(String name) throws java.io.IOException {
    try (var in = LockTruthIT.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
