package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PgVersionTest {

  @Test
  void readsTheMajorFromServerVersionNum() {
    assertThat(PgVersion.fromServerVersionNum(150020)).isEqualTo(PgVersion.of(15));
    assertThat(PgVersion.fromServerVersionNum(180000)).isEqualTo(PgVersion.of(18));
    assertThat(PgVersion.fromServerVersionNum(90624)).isEqualTo(PgVersion.of(9));
  }

  @Test
  void featuresStartAtTheirMajor() {
    assertThat(PgVersion.of(13).has(PgFeature.DETACH_PARTITION_CONCURRENTLY)).isFalse();
    assertThat(PgVersion.of(14).has(PgFeature.DETACH_PARTITION_CONCURRENTLY)).isTrue();
    assertThat(PgVersion.of(10).has(PgFeature.FAST_ADD_COLUMN_DEFAULT)).isFalse();
    assertThat(PgVersion.of(11).has(PgFeature.FAST_ADD_COLUMN_DEFAULT)).isTrue();
    assertThat(PgVersion.of(14).has(PgFeature.MERGE)).isFalse();
  }

  @Test
  void defaultIsTheOldestSupportedMajor() {
    assertThat(PgVersion.DEFAULT).isEqualTo(PgVersion.OLDEST_SUPPORTED).isEqualTo(PgVersion.of(14));
    assertThat(Analyzer.forUnknownVersion().version()).isEqualTo(PgVersion.DEFAULT);
  }

  @Test
  void rejectsImpossibleMajors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PgVersion.of(150));
    assertThat(e).hasMessageContaining("150");
  }
}
