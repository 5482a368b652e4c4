package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pgsafe.runtime.LockRetry;
import io.github.pgsafe.runtime.PgsafeSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry-run plans of each phase, which front ends print instead of running anything. */
class ExpandContractTest {
  private static final TableName ORDERS = TableName.of("orders");
  private static final LockRetry RETRY = LockRetry.withoutMonitor(PgsafeSettings.defaults());

  @Test
  void expandPlanAddsTheColumnAndTriggerThenBackfills() {
    List<String> sql =
        ExpandContract.renameColumn(ORDERS, "note", "remark", RETRY).expandPlan().stream()
            .map(PlanStep::sql)
            .toList();
    assertThat(sql)
        .contains("ALTER TABLE \"orders\" ADD COLUMN \"remark\" <type of note>")
        .anyMatch(s -> s.startsWith("CREATE TRIGGER \"orders_note_pgsafe_sync"))
        .anyMatch(s -> s.startsWith("UPDATE \"orders\" SET \"remark\" = \"note\""));
  }

  @Test
  void contractPlanCarriesNotNullAndDefaultBeforeDroppingTheOldColumn() {
    List<PlanStep> plan =
        ExpandContract.renameColumn(ORDERS, "note", "remark", RETRY)
            .notNull()
            .withDefault("''")
            .contractPlan();
    String last = plan.get(plan.size() - 1).sql();
    assertThat(plan.get(0).sql()).contains("CHECK (\"remark\" IS NOT NULL) NOT VALID");
    assertThat(last)
        .startsWith("ALTER TABLE \"orders\" ALTER COLUMN \"remark\" SET DEFAULT ''")
        .contains("ALTER TABLE \"orders\" DROP COLUMN \"note\"")
        .doesNotContain("RENAME COLUMN");
  }

  @Test
  void typeChangePlansCastBackToTheOldType() {
    ExpandContract change = ExpandContract.changeType(ORDERS, "amount", "bigint", RETRY);
    assertThat(change.expandPlan())
        .anyMatch(s -> s.sql().contains("SELECT CAST(\"amount_new\" AS <type of amount>)"));
    assertThat(change.contractPlan().get(0).sql())
        .endsWith("RENAME COLUMN \"amount_new\" TO \"amount\"");
    assertThat(change.abortPlan().get(0).sql()).contains("DROP COLUMN IF EXISTS \"amount_new\"");
  }
}
