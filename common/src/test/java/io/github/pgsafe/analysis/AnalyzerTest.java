package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.analysis.Detail.ConstraintType;
import io.github.pgsafe.analysis.Expression.Volatility;
import io.github.pgsafe.analysis.RelationLock.Scope;
import io.github.pgsafe.analysis.TableEffect.Certainty;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each recognised form yields; one test per form or family of forms. */
class AnalyzerTest {
  private static final PgVersion PG15 = PgVersion.of(15);
  private static final RelationName ORDERS = RelationName.of("orders");
  private static final RelationName USERS = RelationName.of("users");

  private static Operation op(String sql) {
    return op(PG15, sql);
  }

  private static Operation op(PgVersion version, String sql) {
    List<Operation> ops = Analyzer.forVersion(version).analyzeScript(sql);
    return ops.get(ops.size() - 1);
  }

  private static RelationLock lock(String relation, LockMode mode) {
    return RelationLock.on(RelationName.of(relation), mode);
  }

  // ---- session and transaction control ----

  @Test
  void setCarriesTheSettingAndTakesNoLock() {
    Operation set = op("SET lock_timeout = '5s';");
    assertThat(set.kind()).isEqualTo(OperationKind.SET);
    assertThat(set.detail())
        .isEqualTo(new Detail.Setting("lock_timeout", java.util.Optional.of("'5s'")));
    assertThat(set.locks()).isEmpty();
    assertThat(op("SET LOCAL statement_timeout TO '15min'").has(Flag.LOCAL)).isTrue();
    assertThat(op("RESET lock_timeout").kind()).isEqualTo(OperationKind.RESET);
    assertThat(op("SHOW lock_timeout").kind()).isEqualTo(OperationKind.SHOW);
  }

  @Test
  void transactionControlIsRecognisedAndSavepointsNeedATransaction() {
    assertThat(op("BEGIN").kind()).isEqualTo(OperationKind.BEGIN);
    assertThat(op("START TRANSACTION ISOLATION LEVEL SERIALIZABLE").kind())
        .isEqualTo(OperationKind.BEGIN);
    assertThat(op("COMMIT").kind()).isEqualTo(OperationKind.COMMIT);
    assertThat(op("END").kind()).isEqualTo(OperationKind.COMMIT);
    assertThat(op("ROLLBACK").kind()).isEqualTo(OperationKind.ROLLBACK);
    assertThat(op("SAVEPOINT a").transactionBlock()).isEqualTo(TransactionBlock.REQUIRED);
    assertThat(op("RELEASE SAVEPOINT a").transactionBlock()).isEqualTo(TransactionBlock.REQUIRED);
    Operation rollbackTo = op("ROLLBACK TO SAVEPOINT a");
    assertThat(rollbackTo.kind()).isEqualTo(OperationKind.ROLLBACK_TO_SAVEPOINT);
    assertThat(rollbackTo.transactionBlock()).isEqualTo(TransactionBlock.REQUIRED);
    assertThat(op("COMMIT PREPARED 'x'").transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
  }

  @Test
  void metaCommandsHaveNoEffectOnTheDatabase() {
    Operation meta = op("\\set ON_ERROR_STOP on\n");
    assertThat(meta.kind()).isEqualTo(OperationKind.META_COMMAND);
    assertThat(meta.reachesServer()).isFalse();
    assertThat(meta.locks()).isEmpty();
  }

  @Test
  void templatePlaceholdersStandForTheNamesTheToolFillsIn() {
    Operation alter = op("ALTER TABLE ${tableName} ALTER COLUMN data SET STORAGE EXTERNAL");
    assertThat(alter.kind()).isEqualTo(OperationKind.ALTER_TABLE);
    assertThat(alter.isUnrecognised()).isFalse();
    Operation index =
        op(
            "CREATE INDEX IF NOT EXISTS users_email_idx ON {{ index .Options \"Namespace\" }}.users"
                + " USING btree (email)");
    assertThat(index.kind()).isEqualTo(OperationKind.CREATE_INDEX);
    assertThat(index.target().map(RelationName::name)).contains("users");
  }

  // ---- CREATE TABLE and friends ----

  @Test
  void createTableLocksReferencedTablesShareRowExclusive() {
    Operation create =
        op(
            "CREATE TABLE IF NOT EXISTS billing.invoices (id bigint PRIMARY KEY,"
                + " order_id bigint REFERENCES orders (id), parent bigint REFERENCES billing.invoices)");
    assertThat(create.kind()).isEqualTo(OperationKind.CREATE_TABLE);
    assertThat(create.target()).contains(RelationName.of("billing", "invoices"));
    assertThat(create.locks()).containsExactly(lock("orders", LockMode.SHARE_ROW_EXCLUSIVE));
    assertThat(create.has(Flag.IF_NOT_EXISTS)).isTrue();
  }

  @Test
  void createTablePartitionOfLocksTheParentAccessExclusive() {
    Operation create =
        op(
            "CREATE TABLE m_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
    assertThat(create.locks()).containsExactly(lock("measurements", LockMode.ACCESS_EXCLUSIVE));
    assertThat(create.detail()).isInstanceOf(Detail.Partition.class);
  }

  @Test
  void createTableLikeAndAsReadTheirSources() {
    assertThat(op("CREATE TABLE c (LIKE orders INCLUDING ALL)").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_SHARE));
    Operation as = op("CREATE TABLE b AS SELECT * FROM orders o JOIN users u ON u.id = o.user_id");
    assertThat(as.kind()).isEqualTo(OperationKind.CREATE_TABLE_AS);
    assertThat(as.locks())
        .containsExactlyInAnyOrder(
            lock("orders", LockMode.ACCESS_SHARE), lock("users", LockMode.ACCESS_SHARE));
    assertThat(as.effects()).contains(TableEffect.worstCase(ORDERS, Effect.SCAN));
  }

  @Test
  void createTableInheritsLocksTheParentShareUpdateExclusive() {
    assertThat(op("CREATE TABLE c () INHERITS (parent_t)").locks())
        .containsExactly(lock("parent_t", LockMode.SHARE_UPDATE_EXCLUSIVE));
  }

  // ---- indexes ----

  @Test
  void createIndexTakesShareAndBuildsTheIndex() {
    Operation index = op("CREATE INDEX idx_orders_user_id ON orders (user_id)");
    assertThat(index.kind()).isEqualTo(OperationKind.CREATE_INDEX);
    assertThat(index.locks()).containsExactly(lock("orders", LockMode.SHARE));
    assertThat(index.effects()).containsExactly(TableEffect.certain(ORDERS, Effect.INDEX_BUILD));
    assertThat(index.transactionBlock()).isEqualTo(TransactionBlock.ALLOWED);
  }

  @Test
  void createIndexConcurrentlyKeepsEveryPart() {
    Operation index =
        op(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON public.users USING gin"
                + " (email gin_trgm_ops) INCLUDE (id) WHERE deleted_at IS NULL");
    assertThat(index.locks())
        .containsExactly(
            RelationLock.on(RelationName.of("public", "users"), LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(index.transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    assertThat(index.flags()).contains(Flag.CONCURRENTLY, Flag.UNIQUE, Flag.IF_NOT_EXISTS);
    assertThat(index.detail())
        .isEqualTo(
            new Detail.Index(
                java.util.Optional.of("idx_users_email"),
                RelationName.of("public", "users"),
                "gin",
                "(email gin_trgm_ops)",
                java.util.Optional.of("(id)"),
                java.util.Optional.of("deleted_at IS NULL")));
  }

  @Test
  void createIndexOnOnlyBuildsOnlyInTheWorstCase() {
    Operation index = op("CREATE INDEX m_idx ON ONLY measurements (logdate)");
    assertThat(index.has(Flag.ONLY)).isTrue();
    assertThat(index.effects())
        .containsExactly(
            TableEffect.worstCase(RelationName.of("measurements"), Effect.INDEX_BUILD));
  }

  @Test
  void dropIndexLocksTheIndexAndItsTable() {
    Operation drop = op("DROP INDEX CONCURRENTLY IF EXISTS idx_orders_old");
    RelationName index = RelationName.of("idx_orders_old");
    assertThat(drop.locks())
        .containsExactlyInAnyOrder(
            new RelationLock(Scope.TABLE_OF_INDEX, index, LockMode.SHARE_UPDATE_EXCLUSIVE),
            RelationLock.on(index, LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(drop.transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    assertThat(op("DROP INDEX idx_orders_old").strongestLock()).contains(LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void reindexTableLocksEveryIndexAccessExclusive() {
    Operation reindex = op("REINDEX TABLE orders");
    assertThat(reindex.locks())
        .containsExactlyInAnyOrder(
            RelationLock.on(ORDERS, LockMode.SHARE),
            new RelationLock(Scope.INDEXES_OF_TABLE, ORDERS, LockMode.ACCESS_EXCLUSIVE));
    assertThat(reindex.transactionBlock()).isEqualTo(TransactionBlock.ALLOWED);
  }

  @Test
  void reindexConcurrentlyCannotRunInATransaction() {
    for (String sql :
        List.of(
            "REINDEX INDEX CONCURRENTLY idx_orders_user_id",
            "REINDEX (CONCURRENTLY, VERBOSE) INDEX idx_orders_user_id")) {
      Operation reindex = op(sql);
      assertThat(reindex.has(Flag.CONCURRENTLY)).as(sql).isTrue();
      assertThat(reindex.transactionBlock()).as(sql).isEqualTo(TransactionBlock.FORBIDDEN);
      assertThat(reindex.strongestLock()).contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
      assertThat(reindex.features()).contains(PgFeature.REINDEX_CONCURRENTLY);
    }
    assertThat(op("REINDEX SCHEMA app").transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    assertThat(op("REINDEX DATABASE app").locks().get(0).scope()).isEqualTo(Scope.ANY_TABLE);
  }

  @Test
  void alterIndexRenameTakesShareUpdateExclusiveFromTwelve() {
    assertThat(op("ALTER INDEX i RENAME TO j").strongestLock())
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(op(PgVersion.of(11), "ALTER INDEX i RENAME TO j").strongestLock())
        .contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(op("ALTER INDEX i SET (fillfactor = 70)").strongestLock())
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
  }

  // ---- ALTER TABLE, action by action ----

  @Test
  void addColumnWithStableDefaultDoesNotRewriteFromEleven() {
    Operation add = op("ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now()");
    AlterAction action = add.actions().get(0);
    assertThat(action.kind()).isEqualTo(AlterActionKind.ADD_COLUMN);
    Detail.Column column = (Detail.Column) action.detail();
    assertThat(column.column()).isEqualTo("created_at");
    assertThat(column.type()).contains("timestamptz");
    assertThat(column.defaultValue()).contains(new Expression("now()", Volatility.STABLE));
    assertThat(add.locks()).containsExactly(RelationLock.on(ORDERS, LockMode.ACCESS_EXCLUSIVE));
    assertThat(add.effectOn(ORDERS)).isEqualTo(Effect.NONE);
    assertThat(
            op(PgVersion.of(10), "ALTER TABLE orders ADD COLUMN c int DEFAULT 0").effectOn(ORDERS))
        .isEqualTo(Effect.REWRITE);
    assertThat(add.features()).contains(PgFeature.FAST_ADD_COLUMN_DEFAULT);
  }

  @Test
  void addColumnRewritesForVolatileDefaultsGeneratedStoredAndSerial() {
    for (String sql :
        List.of(
            "ALTER TABLE orders ADD COLUMN r uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE orders ADD COLUMN r int DEFAULT my_function()",
            "ALTER TABLE orders ADD COLUMN t bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED",
            "ALTER TABLE orders ADD COLUMN s bigserial",
            "ALTER TABLE orders ADD COLUMN i int GENERATED BY DEFAULT AS IDENTITY")) {
      assertThat(op(sql).effects())
          .as(sql)
          .containsExactly(TableEffect.certain(ORDERS, Effect.REWRITE));
    }
  }

  @Test
  void addColumnNotNullWithoutDefaultScans() {
    Operation add = op("ALTER TABLE orders ADD COLUMN region text NOT NULL");
    assertThat(add.effectOn(ORDERS)).isEqualTo(Effect.SCAN);
    assertThat(((Detail.Column) add.actions().get(0).detail()).notNull()).isTrue();
    assertThat(op("ALTER TABLE orders ADD COLUMN s text NOT NULL DEFAULT 'new'").effectOn(ORDERS))
        .isEqualTo(Effect.NONE);
  }

  @Test
  void addColumnIfNotExistsStillTakesAccessExclusive() {
    Operation add = op("ALTER TABLE IF EXISTS orders ADD COLUMN IF NOT EXISTS note text");
    assertThat(add.flags()).contains(Flag.IF_EXISTS, Flag.IF_NOT_EXISTS);
    assertThat(add.lockOn(ORDERS)).contains(LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void foreignKeyLocksBothTablesAndScansUnlessNotValid() {
    Operation notValid =
        op(
            "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID");
    assertThat(notValid.locks())
        .containsExactly(
            RelationLock.on(ORDERS, LockMode.SHARE_ROW_EXCLUSIVE),
            RelationLock.on(USERS, LockMode.SHARE_ROW_EXCLUSIVE));
    assertThat(notValid.effectOn(ORDERS)).isEqualTo(Effect.NONE);
    Detail.Constraint fk = (Detail.Constraint) notValid.actions().get(0).detail();
    assertThat(fk.type()).isEqualTo(ConstraintType.FOREIGN_KEY);
    assertThat(fk.references()).contains(USERS);
    assertThat(notValid.actions().get(0).has(Flag.NOT_VALID)).isTrue();
    Operation validating = op("ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users");
    assertThat(validating.effectOn(ORDERS)).isEqualTo(Effect.SCAN);
    assertThat(validating.effectOn(USERS)).isEqualTo(Effect.SCAN);
  }

  @Test
  void validateOfAForeignKeyAddedEarlierInTheScriptReadsTheReferencedTable() {
    String script =
        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
            + "ALTER TABLE orders VALIDATE CONSTRAINT fk;";
    Operation validate = op(script);
    assertThat(validate.locks())
        .containsExactly(
            RelationLock.on(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE),
            RelationLock.on(USERS, LockMode.ROW_SHARE));
    assertThat(validate.effectOn(ORDERS)).isEqualTo(Effect.SCAN);
    Operation alone = op("ALTER TABLE orders VALIDATE CONSTRAINT fk");
    assertThat(alone.locks())
        .containsExactly(RelationLock.on(ORDERS, LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(((Detail.Constraint) alone.actions().get(0).detail()).type())
        .isEqualTo(ConstraintType.UNKNOWN);
  }

  @Test
  void checkConstraintScansUnlessNotValid() {
    assertThat(op("ALTER TABLE orders ADD CONSTRAINT c CHECK (amount >= 0)").effectOn(ORDERS))
        .isEqualTo(Effect.SCAN);
    Operation notValid = op("ALTER TABLE orders ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID");
    assertThat(notValid.effectOn(ORDERS)).isEqualTo(Effect.NONE);
    assertThat(notValid.lockOn(ORDERS)).contains(LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void uniqueConstraintBuildsAnIndexUnlessUsingOne() {
    assertThat(op("ALTER TABLE orders ADD CONSTRAINT k UNIQUE (reference)").effectOn(ORDERS))
        .isEqualTo(Effect.INDEX_BUILD);
    Operation using = op("ALTER TABLE orders ADD CONSTRAINT k UNIQUE USING INDEX idx_orders_ref");
    assertThat(using.effectOn(ORDERS)).isEqualTo(Effect.NONE);
    assertThat(((Detail.Constraint) using.actions().get(0).detail()).index())
        .contains("idx_orders_ref");
    assertThat(using.has(Flag.USING_INDEX)).isTrue();
  }

  @Test
  void setNotNullScansInTheWorstCaseFromTwelve() {
    Operation setNotNull = op("ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL");
    assertThat(setNotNull.actions().get(0).kind()).isEqualTo(AlterActionKind.SET_NOT_NULL);
    assertThat(setNotNull.effects()).containsExactly(TableEffect.worstCase(ORDERS, Effect.SCAN));
    assertThat(op(PgVersion.of(11), "ALTER TABLE orders ALTER COLUMN e SET NOT NULL").effects())
        .containsExactly(TableEffect.certain(ORDERS, Effect.SCAN));
  }

  @Test
  void alterColumnTypeRewritesInTheWorstCaseAndKeepsTypeAndUsing() {
    Operation alter =
        op("ALTER TABLE orders ALTER COLUMN amount TYPE numeric(14,2) USING amount::numeric(14,2)");
    Detail.Column column = (Detail.Column) alter.actions().get(0).detail();
    assertThat(column.type()).contains("numeric(14,2)");
    assertThat(column.using()).contains("amount::numeric(14,2)");
    assertThat(alter.effects().get(0).certainty()).isEqualTo(Certainty.WORST_CASE);
    assertThat(
            op("ALTER TABLE users ALTER COLUMN email SET DATA TYPE varchar(320)")
                .actions()
                .get(0)
                .kind())
        .isEqualTo(AlterActionKind.ALTER_COLUMN_TYPE);
  }

  @Test
  void multiActionAlterIsAnalysedActionByAction() {
    Operation alter =
        op(
            "ALTER TABLE orders ADD COLUMN shipped_at timestamptz, ALTER COLUMN note DROP NOT NULL,"
                + " DROP COLUMN IF EXISTS old_note, ALTER COLUMN status SET DEFAULT 'new'");
    assertThat(alter.actions())
        .extracting(AlterAction::kind)
        .containsExactly(
            AlterActionKind.ADD_COLUMN,
            AlterActionKind.DROP_NOT_NULL,
            AlterActionKind.DROP_COLUMN,
            AlterActionKind.SET_DEFAULT);
    assertThat(alter.actions().get(2).has(Flag.IF_EXISTS)).isTrue();
    assertThat(alter.actions().get(1).text()).isEqualTo("ALTER COLUMN note DROP NOT NULL");
    assertThat(alter.locks()).containsExactly(RelationLock.on(ORDERS, LockMode.ACCESS_EXCLUSIVE));
  }

  @Test
  void lightActionsTakeWeakerLocks() {
    assertThat(
            op("ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 90)")
                .strongestLock())
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(op("ALTER TABLE orders SET (user_catalog_table = true)").strongestLock())
        .contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(op("ALTER TABLE orders ALTER COLUMN a SET STATISTICS 500").strongestLock())
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(op("ALTER TABLE orders CLUSTER ON orders_pkey").strongestLock())
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(op("ALTER TABLE orders DISABLE TRIGGER trg").strongestLock())
        .contains(LockMode.SHARE_ROW_EXCLUSIVE);
    assertThat(op("ALTER TABLE orders ENABLE ROW LEVEL SECURITY").strongestLock())
        .contains(LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void renamesSetSchemaAndOwnerTakeAccessExclusive() {
    for (String sql :
        List.of(
            "ALTER TABLE orders RENAME COLUMN a TO b",
            "ALTER TABLE orders RENAME TO purchase_orders",
            "ALTER TABLE orders RENAME CONSTRAINT a TO b",
            "ALTER TABLE orders SET SCHEMA other",
            "ALTER TABLE orders OWNER TO app",
            "ALTER TABLE orders REPLICA IDENTITY FULL")) {
      assertThat(op(sql).strongestLock()).as(sql).contains(LockMode.ACCESS_EXCLUSIVE);
      assertThat(op(sql).isUnrecognised()).as(sql).isFalse();
    }
    Detail.Rename rename =
        (Detail.Rename) op("ALTER TABLE orders RENAME COLUMN a TO b").actions().get(0).detail();
    assertThat(rename).isEqualTo(new Detail.Rename(java.util.Optional.of("a"), "b"));
  }

  @Test
  void storageChangesRewrite() {
    assertThat(op("ALTER TABLE orders SET UNLOGGED").effectOn(ORDERS)).isEqualTo(Effect.REWRITE);
    assertThat(op("ALTER TABLE orders SET LOGGED").effectOn(ORDERS)).isEqualTo(Effect.REWRITE);
    assertThat(op("ALTER TABLE orders SET TABLESPACE fast").effects())
        .containsExactly(TableEffect.worstCase(ORDERS, Effect.REWRITE));
  }

  @Test
  void attachPartitionLocksParentShareUpdateExclusiveFromTwelve() {
    String sql =
        "ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')";
    RelationName partition = RelationName.of("m_2024");
    Operation attach = op(sql);
    assertThat(attach.locks())
        .containsExactly(
            lock("m", LockMode.SHARE_UPDATE_EXCLUSIVE),
            RelationLock.on(partition, LockMode.ACCESS_EXCLUSIVE));
    assertThat(attach.effects()).containsExactly(TableEffect.worstCase(partition, Effect.SCAN));
    assertThat(op(PgVersion.of(11), sql).lockOn(RelationName.of("m")))
        .contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(((Detail.Partition) attach.actions().get(0).detail()).bound())
        .contains("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  }

  @Test
  void detachPartitionConcurrentlyCannotRunInATransaction() {
    Operation detach = op("ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY");
    assertThat(detach.transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    assertThat(detach.lockOn(RelationName.of("m"))).contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(detach.lockOn(RelationName.of("m_2023"))).contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(detach.features()).contains(PgFeature.DETACH_PARTITION_CONCURRENTLY);
    Operation plain = op("ALTER TABLE m DETACH PARTITION m_2023");
    assertThat(plain.lockOn(RelationName.of("m"))).contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(plain.transactionBlock()).isEqualTo(TransactionBlock.ALLOWED);
  }

  @Test
  void unknownAlterTableActionIsReportedWithTheStrongestAssumption() {
    Operation alter = op("ALTER TABLE orders FROBNICATE COLUMN x");
    assertThat(alter.isUnrecognised()).isTrue();
    assertThat(alter.actions().get(0).kind()).isEqualTo(AlterActionKind.UNRECOGNISED);
    assertThat(alter.lockOn(ORDERS)).contains(LockMode.ACCESS_EXCLUSIVE);
    assertThat(alter.effects()).containsExactly(TableEffect.worstCase(ORDERS, Effect.REWRITE));
    assertThat(alter.transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
  }

  // ---- other DDL ----

  @Test
  void addEnumValueRunsInATransactionFromTwelve() {
    String sql = "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid'";
    assertThat(op(sql).transactionBlock()).isEqualTo(TransactionBlock.ALLOWED);
    assertThat(op(PgVersion.of(11), sql).transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    assertThat(op(sql).locks()).isEmpty();
  }

  @Test
  void triggersAndPoliciesLockTheirTable() {
    assertThat(
            op("CREATE TRIGGER t BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f()")
                .locks())
        .containsExactly(lock("orders", LockMode.SHARE_ROW_EXCLUSIVE));
    assertThat(op("DROP TRIGGER IF EXISTS t ON orders").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_EXCLUSIVE));
    assertThat(op("CREATE POLICY p ON orders FOR SELECT USING (true)").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_EXCLUSIVE));
    assertThat(op("ALTER POLICY p ON orders USING (false)").kind())
        .isEqualTo(OperationKind.ALTER_POLICY);
    assertThat(op("DROP POLICY p ON orders").kind()).isEqualTo(OperationKind.DROP_POLICY);
  }

  @Test
  void commentsLockTheirTableShareUpdateExclusive() {
    assertThat(op("COMMENT ON COLUMN orders.user_email IS 'x'").locks())
        .containsExactly(lock("orders", LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(op("COMMENT ON COLUMN app.orders.user_email IS 'x'").locks())
        .containsExactly(
            RelationLock.on(RelationName.of("app", "orders"), LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(op("COMMENT ON CONSTRAINT c ON orders IS 'x'").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_SHARE));
    assertThat(op("COMMENT ON FUNCTION f() IS 'x'").locks()).isEmpty();
  }

  @Test
  void objectsWithoutStorageTakeNoRelationLock() {
    for (String sql :
        List.of(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE SCHEMA IF NOT EXISTS billing",
            "CREATE TYPE s AS ENUM ('a')",
            "CREATE DOMAIN d AS int",
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
            "CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$",
            "CREATE ROLE app NOLOGIN",
            "GRANT SELECT ON TABLE orders TO app",
            "REVOKE ALL ON orders FROM app",
            "DROP TYPE IF EXISTS s",
            "DROP FUNCTION IF EXISTS f(int)")) {
      Operation op = op(sql);
      assertThat(op.isUnrecognised()).as(sql).isFalse();
      assertThat(op.locks()).as(sql).isEmpty();
      assertThat(op.transactionBlock()).as(sql).isEqualTo(TransactionBlock.ALLOWED);
    }
  }

  @Test
  void grantOnATableLocksItAccessShareFromEighteen() {
    String sql = "GRANT SELECT, INSERT ON TABLE orders, users TO app";
    assertThat(op(sql).locks()).isEmpty();
    assertThat(op(PgVersion.of(18), sql).locks())
        .containsExactly(
            lock("orders", LockMode.ACCESS_SHARE), lock("users", LockMode.ACCESS_SHARE));
    assertThat(op(PgVersion.of(18), "REVOKE ALL ON orders FROM app").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_SHARE));
    assertThat(op(PgVersion.of(18), "GRANT USAGE ON SCHEMA app TO app").locks()).isEmpty();
    assertThat(op(PgVersion.of(18), "GRANT app_ro TO alice").locks()).isEmpty();
  }

  @Test
  void databaseAndTablespaceStatementsCannotRunInATransaction() {
    for (String sql :
        List.of(
            "CREATE DATABASE app",
            "DROP DATABASE app",
            "CREATE TABLESPACE fast LOCATION '/ssd'",
            "DROP TABLESPACE fast",
            "ALTER SYSTEM SET work_mem = '64MB'",
            "VACUUM",
            "CLUSTER")) {
      assertThat(op(sql).transactionBlock()).as(sql).isEqualTo(TransactionBlock.FORBIDDEN);
    }
  }

  @Test
  void dropCascadeOfObjectsMayLockAnyTable() {
    assertThat(op("DROP SCHEMA billing CASCADE").locks())
        .containsExactly(
            new RelationLock(
                Scope.TABLES_IN_SCHEMA, RelationName.of("billing"), LockMode.ACCESS_EXCLUSIVE));
    assertThat(op("DROP TYPE s CASCADE").locks().get(0).scope()).isEqualTo(Scope.ANY_TABLE);
    assertThat(op("DROP TABLE IF EXISTS a, b CASCADE").locks())
        .containsExactly(
            lock("a", LockMode.ACCESS_EXCLUSIVE), lock("b", LockMode.ACCESS_EXCLUSIVE));
  }

  @Test
  void viewsSequencesAndMaterializedViews() {
    assertThat(op("CREATE VIEW v AS SELECT * FROM orders").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_SHARE));
    assertThat(op("CREATE OR REPLACE VIEW v AS SELECT * FROM orders").lockOn(RelationName.of("v")))
        .contains(LockMode.ACCESS_EXCLUSIVE);
    Operation matview =
        op(
            "CREATE MATERIALIZED VIEW t AS SELECT user_id, sum(amount) FROM orders GROUP BY 1 WITH NO DATA");
    assertThat(matview.has(Flag.WITH_NO_DATA)).isTrue();
    assertThat(matview.effects()).isEmpty();
    Operation refresh = op("REFRESH MATERIALIZED VIEW CONCURRENTLY t");
    assertThat(refresh.lockOn(RelationName.of("t"))).contains(LockMode.EXCLUSIVE);
    assertThat(refresh.locks())
        .contains(
            new RelationLock(
                Scope.TABLES_READ_BY_VIEW, RelationName.of("t"), LockMode.ACCESS_SHARE));
    assertThat(op("REFRESH MATERIALIZED VIEW t").effectOn(RelationName.of("t")))
        .isEqualTo(Effect.REWRITE);
    assertThat(op("ALTER SEQUENCE s RESTART WITH 10").locks())
        .containsExactly(lock("s", LockMode.SHARE_ROW_EXCLUSIVE));
    assertThat(op("ALTER SEQUENCE s RENAME TO t").locks())
        .containsExactly(lock("s", LockMode.ACCESS_EXCLUSIVE));
    assertThat(op("ALTER VIEW v RENAME TO w").kind()).isEqualTo(OperationKind.ALTER_VIEW);
    assertThat(op("ALTER MATERIALIZED VIEW t SET TABLESPACE x").kind())
        .isEqualTo(OperationKind.ALTER_MATERIALIZED_VIEW);
  }

  // ---- maintenance ----

  @Test
  void vacuumAnalyzeClusterAndTruncate() {
    Operation vacuum = op("VACUUM (ANALYZE, VERBOSE) orders");
    assertThat(vacuum.locks()).containsExactly(lock("orders", LockMode.SHARE_UPDATE_EXCLUSIVE));
    assertThat(vacuum.has(Flag.ANALYZE)).isTrue();
    Operation full = op("VACUUM FULL orders");
    assertThat(full.has(Flag.FULL)).isTrue();
    assertThat(full.effectOn(ORDERS)).isEqualTo(Effect.REWRITE);
    assertThat(op("VACUUM (FULL false) orders").has(Flag.FULL)).isFalse();
    assertThat(op("ANALYZE orders").locks())
        .containsExactly(lock("orders", LockMode.SHARE_UPDATE_EXCLUSIVE));
    Operation cluster = op("CLUSTER orders USING orders_pkey");
    assertThat(cluster.effectOn(ORDERS)).isEqualTo(Effect.REWRITE);
    assertThat(cluster.transactionBlock()).isEqualTo(TransactionBlock.ALLOWED);
    Operation truncate = op("TRUNCATE TABLE audit_log, ONLY b RESTART IDENTITY CASCADE");
    assertThat(truncate.flags()).contains(Flag.CASCADE, Flag.RESTART_IDENTITY, Flag.ONLY);
    assertThat(truncate.effectOn(RelationName.of("audit_log"))).isEqualTo(Effect.TRUNCATE);
    assertThat(truncate.locks()).hasSize(3);
  }

  @Test
  void lockTableTakesTheNamedModeOnEveryTableAndNeedsATransaction() {
    Operation lock = op("LOCK TABLE orders, public.users IN SHARE ROW EXCLUSIVE MODE NOWAIT");
    assertThat(lock.transactionBlock()).isEqualTo(TransactionBlock.REQUIRED);
    assertThat(lock.has(Flag.NOWAIT)).isTrue();
    assertThat(lock.locks())
        .containsExactly(
            lock("orders", LockMode.SHARE_ROW_EXCLUSIVE),
            RelationLock.on(RelationName.of("public", "users"), LockMode.SHARE_ROW_EXCLUSIVE));
    assertThat(op("LOCK orders").detail()).isEqualTo(new Detail.Lock(LockMode.ACCESS_EXCLUSIVE));
  }

  // ---- data ----

  @Test
  void updateLocksRowsOfItsTargetAndReadsTheOthers() {
    Operation update =
        op(
            "UPDATE orders o SET user_email = u.email FROM users u WHERE u.id = o.user_id AND o.user_email IS NULL");
    assertThat(update.kind()).isEqualTo(OperationKind.UPDATE);
    assertThat(update.locks())
        .containsExactlyInAnyOrder(
            lock("orders", LockMode.ROW_EXCLUSIVE), lock("users", LockMode.ACCESS_SHARE));
    assertThat(update.effects()).containsExactly(TableEffect.certain(ORDERS, Effect.ROW_LOCKS));
    assertThat(update.detail()).isEqualTo(new Detail.DataChange(ORDERS, true));
    assertThat(op("UPDATE orders SET a = 1").detail())
        .isEqualTo(new Detail.DataChange(ORDERS, false));
  }

  @Test
  void insertDeleteMergeAndSelect() {
    Operation insert =
        op("INSERT INTO audit_log (id, msg) SELECT id, reference FROM orders WHERE id < 10");
    assertThat(insert.locks())
        .containsExactlyInAnyOrder(
            lock("audit_log", LockMode.ROW_EXCLUSIVE), lock("orders", LockMode.ACCESS_SHARE));
    assertThat(insert.effects()).isEmpty();
    assertThat(insert.detail())
        .isEqualTo(new Detail.DataChange(RelationName.of("audit_log"), false));
    Operation delete = op("DELETE FROM audit_log a USING orders o WHERE o.id = a.id");
    assertThat(delete.locks())
        .containsExactlyInAnyOrder(
            lock("audit_log", LockMode.ROW_EXCLUSIVE), lock("orders", LockMode.ACCESS_SHARE));
    Operation merge =
        op("MERGE INTO audit_log a USING orders o ON o.id = a.id WHEN MATCHED THEN DELETE");
    assertThat(merge.kind()).isEqualTo(OperationKind.MERGE);
    assertThat(merge.target()).contains(RelationName.of("audit_log"));
    assertThat(merge.features()).contains(PgFeature.MERGE);
    Operation select =
        op("SELECT id FROM orders WHERE extract(year FROM created_at) = 2024 FOR UPDATE");
    assertThat(select.locks()).containsExactly(lock("orders", LockMode.ROW_SHARE));
    assertThat(select.has(Flag.FOR_UPDATE)).isTrue();
  }

  @Test
  void withQueriesAreNotTables() {
    Operation with =
        op(
            "WITH big AS (SELECT id FROM orders) UPDATE audit_log SET msg = 'x' WHERE id IN (SELECT id FROM big)");
    assertThat(with.kind()).isEqualTo(OperationKind.UPDATE);
    assertThat(with.locks())
        .containsExactlyInAnyOrder(
            lock("orders", LockMode.ACCESS_SHARE), lock("audit_log", LockMode.ROW_EXCLUSIVE));
  }

  @Test
  void copyFromWritesAndCopyToReads() {
    assertThat(op("COPY orders (id) FROM STDIN;\n1\n\\.\n").locks())
        .containsExactly(lock("orders", LockMode.ROW_EXCLUSIVE));
    assertThat(op("COPY orders TO STDOUT").locks())
        .containsExactly(lock("orders", LockMode.ACCESS_SHARE));
  }

  @Test
  void doAndCallRunCodeThatIsNotAnalysed() {
    assertThat(op("DO $$ BEGIN PERFORM 1; END $$").has(Flag.OPAQUE_BODY)).isTrue();
    assertThat(op("CALL p(1)").kind()).isEqualTo(OperationKind.CALL);
  }

  // ---- volatility of defaults ----

  @Test
  void defaultVolatilityFollowsTheFunctionsCalled() {
    assertThat(defaultOf("'new'")).isEqualTo(Volatility.IMMUTABLE);
    assertThat(defaultOf("'{}'::jsonb")).isEqualTo(Volatility.IMMUTABLE);
    assertThat(defaultOf("CURRENT_TIMESTAMP")).isEqualTo(Volatility.STABLE);
    assertThat(defaultOf("now()")).isEqualTo(Volatility.STABLE);
    assertThat(defaultOf("nextval('s'::regclass)")).isEqualTo(Volatility.VOLATILE);
    assertThat(defaultOf("clock_timestamp()")).isEqualTo(Volatility.VOLATILE);
    assertThat(defaultOf("app.my_function()")).isEqualTo(Volatility.VOLATILE);
  }

  private static Volatility defaultOf(String expression) {
    Operation add = op("ALTER TABLE t ADD COLUMN c text DEFAULT " + expression + " NOT NULL");
    return ((Detail.Column) add.actions().get(0).detail())
        .defaultValue()
        .orElseThrow()
        .volatility();
  }

  // ---- unrecognised ----

  @Test
  void unrecognisedStatementsGetTheStrongestAssumption() {
    Operation named = op("FROBNICATE TABLE orders");
    assertThat(named.kind()).isEqualTo(OperationKind.UNRECOGNISED);
    assertThat(named.locks()).containsExactly(RelationLock.on(ORDERS, LockMode.ACCESS_EXCLUSIVE));
    assertThat(named.effects()).containsExactly(TableEffect.worstCase(ORDERS, Effect.REWRITE));
    assertThat(named.transactionBlock()).isEqualTo(TransactionBlock.FORBIDDEN);
    Operation nameless = op("CHECKPOINT");
    assertThat(nameless.isUnrecognised()).isTrue();
    assertThat(nameless.locks())
        .containsExactly(
            new RelationLock(
                Scope.ANY_TABLE, RelationLock.ANY_RELATION, LockMode.ACCESS_EXCLUSIVE));
  }

  @Test
  void emptyPiecesAreSkippedInScripts() {
    assertThat(Analyzer.forVersion(PG15).analyzeScript("SELECT 1;\n-- trailing comment\n"))
        .hasSize(1);
  }
}
