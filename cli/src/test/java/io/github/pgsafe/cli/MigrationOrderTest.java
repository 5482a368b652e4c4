package io.github.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationOrderTest {

  private static List<String> sorted(String... names) {
    List<String> list = new ArrayList<>(List.of(names));
    list.sort(MigrationOrder.BY_FILE_NAME);
    return list;
  }

  @Test
  void ordersVersionsNumericallyThenRepeatablesThenOthers() {
    assertThat(
            sorted(
                "R__b_view.sql",
                "10_other.sql",
                "V10__j.sql",
                "2_other.sql",
                "V2__b.sql",
                "R__a_view.sql",
                "V1_1__a2.sql",
                "V1__a.sql"))
        .containsExactly(
            "V1__a.sql",
            "V1_1__a2.sql",
            "V2__b.sql",
            "V10__j.sql",
            "R__a_view.sql",
            "R__b_view.sql",
            "2_other.sql",
            "10_other.sql");
  }

  @Test
  void treatsTrailingZerosAsEqualVersionsAndBreaksTiesByName() {
    assertThat(sorted("V1.0__b.sql", "V1__a.sql", "V1.01__c.sql"))
        .containsExactly("V1__a.sql", "V1.0__b.sql", "V1.01__c.sql");
  }

  @Test
  void treatsNamesWithoutVersionAsOthers() {
    assertThat(sorted("Vx__nope.sql", "V3__yes.sql", "V__empty.sql"))
        .containsExactly("V3__yes.sql", "V__empty.sql", "Vx__nope.sql");
  }

  @Test
  void comparesDigitRunsNumericallyInNaturalOrder() {
    assertThat(MigrationOrder.compareNatural("file9.sql", "file10.sql")).isNegative();
    assertThat(MigrationOrder.compareNatural("a.sql", "a.sql")).isZero();
    assertThat(MigrationOrder.compareNatural("a", "ab")).isNegative();
  }
}
