package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.sql.Splitter;
import io.github.pgsafe.sql.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 56 statements of the reference corpus ({@code pg-statement-corpus.sql}, copied to the test
 * resources): each is recognised as its form, with the strongest lock the reference table gives for
 * PostgreSQL 15.
 */
class StatementCorpusTest {

  /** Form and strongest lock (null: none) of #01..#56, from postgres-facts.md section 1. */
  private static final Object[][] EXPECTED = {
    {OperationKind.SET, null},
    {OperationKind.SET, null},
    {OperationKind.CREATE_EXTENSION, null},
    {OperationKind.CREATE_SCHEMA, null},
    {OperationKind.CREATE_TYPE, null},
    {OperationKind.CREATE_TABLE, LockMode.SHARE_ROW_EXCLUSIVE},
    {OperationKind.CREATE_TABLE, null},
    {OperationKind.CREATE_INDEX, LockMode.SHARE},
    {OperationKind.CREATE_INDEX, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.CREATE_INDEX, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.CREATE_INDEX, LockMode.SHARE},
    {OperationKind.DROP_INDEX, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.SHARE_ROW_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_INDEX, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TYPE, null},
    {OperationKind.CREATE_FUNCTION, null},
    {OperationKind.CREATE_TRIGGER, LockMode.SHARE_ROW_EXCLUSIVE},
    {OperationKind.DO, null},
    {OperationKind.COMMENT, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.GRANT, null},
    {OperationKind.REINDEX, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.REINDEX, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.VACUUM, LockMode.SHARE_UPDATE_EXCLUSIVE},
    {OperationKind.VACUUM, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.CLUSTER, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.LOCK_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.CREATE_MATERIALIZED_VIEW, LockMode.ACCESS_SHARE},
    {OperationKind.REFRESH_MATERIALIZED_VIEW, LockMode.EXCLUSIVE},
    {OperationKind.UPDATE, LockMode.ROW_EXCLUSIVE},
    {OperationKind.TRUNCATE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.DROP_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ALTER_TABLE, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.CREATE_POLICY, LockMode.ACCESS_EXCLUSIVE},
    {OperationKind.ANALYZE, LockMode.SHARE_UPDATE_EXCLUSIVE},
  };

  /** Statements the reference says cannot run in a transaction block on PostgreSQL 15. */
  private static final List<Integer> NOT_IN_TRANSACTION = List.of(9, 10, 12, 35, 43, 45, 46);

  @Test
  void everyCorpusStatementIsRecognisedWithTheReferenceLock() throws IOException {
    List<Statement> statements = new ArrayList<>();
    for (Statement s : Splitter.split(corpus())) {
      if (s.isExecutable()) {
        statements.add(s);
      }
    }
    assertThat(statements).hasSize(56);
    List<Operation> ops = Analyzer.forVersion(PgVersion.of(15)).analyze(statements);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 56; i++) {
      Operation op = ops.get(i);
      int number = i + 1;
      if (op.isUnrecognised()) {
        mismatches.add("#" + number + " unrecognised");
      }
      if (op.kind() != EXPECTED[i][0]) {
        mismatches.add("#" + number + " is " + op.kind() + ", expected " + EXPECTED[i][0]);
      }
      LockMode strongest = op.strongestLock().orElse(null);
      if (strongest != EXPECTED[i][1]) {
        mismatches.add("#" + number + " locks " + strongest + ", expected " + EXPECTED[i][1]);
      }
      boolean inTransaction = op.transactionBlock().allowsTransactionBlock();
      if (inTransaction == NOT_IN_TRANSACTION.contains(number)) {
        mismatches.add("#" + number + " transaction block " + op.transactionBlock());
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static String corpus() throws IOException {
    try (InputStream in =
        StatementCorpusTest.class.getResourceAsStream("pg-statement-corpus.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
