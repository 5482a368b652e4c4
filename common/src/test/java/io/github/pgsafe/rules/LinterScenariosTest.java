package io.github.pgsafe.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.pgsafe.analysis.PgVersion;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinterScenariosTest {

  static List<Finding> findings(ExecutionModel model, String sql) {
    LintSettings settings = LintSettings.defaults(PgVersion.of(17)).withExecutionModel(model);
    return new Linter(settings).lint(new SourceFile("V1__test.sql", sql)).findings();
  }

  static List<String> rules(ExecutionModel model, String sql) {
    return findings(model, sql).stream().map(Finding::rule).toList();
  }

  static List<String> rules(String sql) {
    return rules(ExecutionModel.PGSAFE, sql);
  }

  @Nested
  class ExecutionModels {
    private static final String CIC = "CREATE INDEX CONCURRENTLY i ON orders (user_id);";

    @Test
    void allowsConcurrentIndexUnderThePgsafeRuntime() {
      assertThat(rules(CIC)).doesNotContain("ban-non-transactional-in-transaction");
    }

    @Test
    void flagsConcurrentIndexInsideAnExplicitTransactionEvenUnderThePgsafeRuntime() {
      assertThat(rules("BEGIN;\n" + CIC + "\nCOMMIT;"))
          .contains("ban-non-transactional-in-transaction");
    }

    @Test
    void flagsEveryNonTransactionalFormWhenTheWholeFileIsOneTransaction() {
      for (String sql :
          List.of(
              CIC,
              "DROP INDEX CONCURRENTLY i;",
              "REINDEX INDEX CONCURRENTLY i;",
              "ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY;",
              "VACUUM orders;")) {
        assertThat(rules(ExecutionModel.TRANSACTION, sql))
            .as(sql)
            .contains("ban-non-transactional-in-transaction");
      }
    }

    @Test
    void allowsConcurrentIndexInAutocommit() {
      assertThat(rules(ExecutionModel.AUTOCOMMIT, CIC))
          .doesNotContain("ban-non-transactional-in-transaction");
    }
  }

  @Nested
  class TablesCreatedInTheScript {
    @Test
    void allowsIndexAndConstraintsOnATableCreatedEarlier() {
      assertThat(
              rules(
                  """
                  CREATE TABLE invoices (id bigint PRIMARY KEY, amount int, user_id bigint);
                  CREATE INDEX invoices_user_idx ON invoices (user_id);
                  ALTER TABLE invoices ADD CONSTRAINT amount_positive CHECK (amount >= 0);
                  ALTER TABLE invoices ALTER COLUMN amount SET NOT NULL;
                  ALTER TABLE invoices ALTER COLUMN amount TYPE bigint;
                  """))
          .isEmpty();
    }

    @Test
    void stillFlagsTheSameOnAnExistingTable() {
      assertThat(rules("CREATE INDEX orders_user_idx ON orders (user_id);"))
          .contains("require-concurrent-index-creation");
    }
  }

  @Nested
  class TypeChanges {
    @Test
    void allowsVarcharWideningWhenTheOldTypeIsKnown() {
      assertThat(
              rules(
                  """
                  ALTER TABLE users ADD COLUMN email varchar(100);
                  ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
                  ALTER TABLE users ALTER COLUMN email TYPE text;
                  """))
          .doesNotContain("changing-column-type");
    }

    @Test
    void flagsIntToBigintWhenTheOldTypeIsKnown() {
      assertThat(
              rules(
                  """
                  ALTER TABLE users ADD COLUMN visits int;
                  ALTER TABLE users ALTER COLUMN visits TYPE bigint;
                  """))
          .contains("changing-column-type");
    }

    @Test
    void flagsAChangeWhoseOldTypeIsUnknown() {
      assertThat(rules("ALTER TABLE users ALTER COLUMN email TYPE varchar(320);"))
          .contains("changing-column-type");
    }

    @Test
    void knowsWhichChangesAreBinaryCoercible() {
      assertThat(TypeChange.avoidsRewrite("character varying(255)", "varchar(300)")).isTrue();
      assertThat(TypeChange.avoidsRewrite("character varying(255)", "varchar(100)")).isFalse();
      assertThat(TypeChange.avoidsRewrite("numeric(12,2)", "numeric(14,2)")).isTrue();
      assertThat(TypeChange.avoidsRewrite("numeric(12,2)", "numeric(14,3)")).isFalse();
      assertThat(TypeChange.avoidsRewrite("text", "varchar(320)")).isFalse();
      assertThat(TypeChange.avoidsRewrite("text", "varchar")).isTrue();
      assertThat(TypeChange.avoidsRewrite("timestamp(3) with time zone", "timestamptz")).isTrue();
      assertThat(TypeChange.avoidsRewrite("timestamp without time zone", "timestamptz")).isFalse();
      assertThat(TypeChange.avoidsRewrite("cidr", "inet")).isTrue();
      assertThat(TypeChange.avoidsRewrite("integer", "bigint")).isFalse();
    }
  }

  @Nested
  class NotNull {
    @Test
    void allowsSetNotNullAfterItsCheckWasValidated() {
      assertThat(
              rules(
                  """
                  ALTER TABLE orders ADD CONSTRAINT email_nn CHECK (user_email IS NOT NULL) NOT VALID;
                  COMMIT;
                  ALTER TABLE orders VALIDATE CONSTRAINT email_nn;
                  ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;
                  """))
          .doesNotContain("adding-not-nullable-field");
    }

    @Test
    void flagsSetNotNullWhenOnlyAnUnrelatedConstraintWasValidated() {
      // squawk treats any validated constraint on the table as proof; only the matching CHECK is.
      assertThat(
              rules(
                  """
                  ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
                  ALTER TABLE orders VALIDATE CONSTRAINT fk_u;
                  ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;
                  """))
          .contains("adding-not-nullable-field");
    }
  }

  @Nested
  class Overrides {
    private static final String DROP =
        "SET lock_timeout = '95ms';\nALTER TABLE orders DROP COLUMN legacy_flag;";

    @Test
    void allowsAStatementWithAReason() {
      assertThat(
              rules(
                  "SET lock_timeout = '95ms';\n"
                      + "-- pgsafe:allow ban-drop-column reason: unused since 2.3\n"
                      + "ALTER TABLE orders DROP COLUMN legacy_flag;"))
          .isEmpty();
    }

    @Test
    void allowsTheStatementWhoseLineEndsInTheOverrideAndNotTheNextOne() {
      List<Finding> findings =
          findings(
              ExecutionModel.PGSAFE,
              "SET lock_timeout = '95ms';\n"
                  + "ALTER TABLE orders DROP COLUMN legacy_flag;"
                  + " -- pgsafe:allow ban-drop-column reason: unused since 2.3\n"
                  + "ALTER TABLE users DROP COLUMN nickname;");

      assertThat(findings)
          .extracting(Finding::rule, Finding::line)
          .containsExactly(tuple("ban-drop-column", 3));
    }

    @Test
    void rejectsAnOverrideWithoutAReason() {
      assertThat(rules("-- pgsafe:allow ban-drop-column\n" + DROP))
          .contains("invalid-override", "ban-drop-column");
    }

    @Test
    void rejectsAnOverrideOfAnUnknownRule() {
      assertThat(rules("-- pgsafe:allow ban-drop-colum reason: typo\n" + DROP))
          .contains("invalid-override", "ban-drop-column");
    }

    @Test
    void reportsAnOverrideThatAllowsNothing() {
      assertThat(
              rules(
                  "SET lock_timeout = '95ms';\n"
                      + "-- pgsafe:allow ban-drop-column reason: stale\n"
                      + "ALTER TABLE orders ADD COLUMN note text;"))
          .containsExactly("unused-override");
    }

    @Test
    void allowsARuleForTheWholeFile() {
      assertThat(
              rules(
                  "-- pgsafe:allow-file ban-drop-column reason: cleanup release\n"
                      + DROP
                      + "\nALTER TABLE users DROP COLUMN nickname;"))
          .isEmpty();
    }

    @Test
    void allowsOnlyTheStatementRightAfterTheComment() {
      List<Finding> findings =
          findings(
              ExecutionModel.PGSAFE,
              "SET lock_timeout = '95ms';\n"
                  + "-- pgsafe:allow ban-drop-column reason: one only\n"
                  + "ALTER TABLE orders DROP COLUMN legacy_flag;\n"
                  + "ALTER TABLE users DROP COLUMN nickname;");
      assertThat(findings).extracting(Finding::rule).containsExactly("ban-drop-column");
      assertThat(findings).extracting(Finding::line).containsExactly(4);
    }
  }

  @Nested
  class LocksHeldAcrossStatements {
    private static final String SCRIPT =
        """
        SET lock_timeout = '95ms';
        ALTER TABLE users ADD COLUMN nickname text;
        UPDATE orders SET status = 'archived' WHERE created_at < now() - interval '1 year';
        """;

    @Test
    void flagsASlowStatementAfterAStrongLockInOneTransaction() {
      assertThat(rules(SCRIPT)).contains("ban-slow-statement-after-strong-lock");
    }

    @Test
    void allowsTheSameStatementsInAutocommit() {
      assertThat(rules(ExecutionModel.AUTOCOMMIT, SCRIPT))
          .doesNotContain("ban-slow-statement-after-strong-lock");
    }

    @Test
    void allowsASingleRowChangeAfterAStrongLock() {
      assertThat(
              rules(
                  """
                  ALTER TABLE users ADD COLUMN nickname text;
                  UPDATE settings SET value = 'on' WHERE key = 'nicknames';
                  INSERT INTO audit (event) VALUES ('nickname added');
                  """))
          .doesNotContain("ban-slow-statement-after-strong-lock");
    }
  }

  @Nested
  class LockTimeout {
    @Test
    void warnsOncePerFile() {
      assertThat(
              rules(
                  """
                  ALTER TABLE orders ADD COLUMN a text;
                  ALTER TABLE orders ADD COLUMN b text;
                  """))
          .containsExactly("require-lock-timeout");
    }

    @Test
    void isSatisfiedByASetLockTimeoutBeforeTheStatement() {
      assertThat(rules("SET lock_timeout = '95ms';\nALTER TABLE orders ADD COLUMN a text;"))
          .isEmpty();
    }

    @Test
    void ignoresLocksThatNoApplicationQueryWaitsFor() {
      assertThat(rules("CREATE INDEX CONCURRENTLY i ON orders (user_id);\nANALYZE orders;"))
          .isEmpty();
    }
  }

  @Nested
  class Backfills {
    @Test
    void flagsAnUpdateOfTheWholeTable() {
      assertThat(rules("UPDATE orders SET status = 'new';")).contains("require-batched-backfill");
    }

    @Test
    void flagsTheIsNullBackfillShape() {
      assertThat(rules("UPDATE orders SET status = 'new' WHERE status IS NULL;"))
          .contains("require-batched-backfill");
    }

    @Test
    void allowsAnUpdatePinnedByKey() {
      assertThat(rules("UPDATE orders SET status = 'new' WHERE id = 42;"))
          .doesNotContain("require-batched-backfill");
    }

    @Test
    void allowsACommittingLoopInAutocommitButNotInATransaction() {
      String loop =
          """
          DO $$
          BEGIN
            FOR i IN 1..10 LOOP
              UPDATE orders SET status = 'x' WHERE id BETWEEN i * 1000 AND i * 1000 + 999;
              COMMIT;
            END LOOP;
          END $$;
          """;
      assertThat(rules(ExecutionModel.AUTOCOMMIT, loop))
          .doesNotContain("ban-batch-loop-in-transaction");
      assertThat(rules(loop)).contains("ban-batch-loop-in-transaction");
    }
  }

  @Test
  void reportsASyntaxErrorWithItsPosition() {
    Finding finding =
        new Linter(LintSettings.defaults(PgVersion.of(17)))
            .lint(new SourceFile("V2__broken.sql", "SELECT 1;\nSELECT 'open;\n"))
            .findings()
            .get(0);
    assertThat(finding.rule()).isEqualTo("syntax-error");
    assertThat(finding.line()).isEqualTo(2);
    assertThat(finding.column()).isEqualTo(8);
  }

  @Test
  void explainsAPlainIndexWithTheUsersOwnNamesAndAReadyFix() {
    Finding finding =
        new Linter(LintSettings.defaults(PgVersion.of(17)))
            .lint(
                new SourceFile(
                    "V42__idx.sql",
                    "SET lock_timeout = '95ms';\n"
                        + "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"))
            .findings()
            .get(0);
    assertThat(finding.rule()).isEqualTo("require-concurrent-index-creation");
    assertThat(finding.line()).isEqualTo(2);
    assertThat(finding.message())
        .isEqualTo(
            "CREATE INDEX takes a SHARE lock on orders: every INSERT, UPDATE and DELETE on orders"
                + " waits until the whole index is built. Build it without blocking writes. It"
                + " cannot run inside a transaction block: the pgsafe runtime runs it on its own,"
                + " with lock_timeout and retries (plain Flyway: its own migration with"
                + " executeInTransaction=false; Liquibase: the concurrentIndex change or"
                + " runInTransaction=\"false\"). A failed build leaves an INVALID index; pgsafe"
                + " drops it, or drop it yourself with the DROP statement below.");
    assertThat(finding.fix())
        .isEqualTo(
            """
            CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
            -- after a failed build:
            DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;""");
  }
}
