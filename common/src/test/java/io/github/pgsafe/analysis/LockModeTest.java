package io.github.pgsafe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockModeTest {

  @Test
  void conflictMatrixIsSymmetric() {
    for (LockMode a : LockMode.values()) {
      for (LockMode b : LockMode.values()) {
        assertThat(a.conflictsWith(b)).as("%s vs %s", a, b).isEqualTo(b.conflictsWith(a));
      }
    }
  }

  @Test
  void shareDoesNotConflictWithItselfButShareUpdateExclusiveDoes() {
    assertThat(LockMode.SHARE.conflictsWith(LockMode.SHARE)).isFalse();
    assertThat(LockMode.SHARE_UPDATE_EXCLUSIVE.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE))
        .isTrue();
    assertThat(LockMode.ROW_EXCLUSIVE.conflictsWith(LockMode.ROW_EXCLUSIVE)).isFalse();
  }

  @Test
  void blocksReadsOnlyForAccessExclusive() {
    assertThat(LockMode.values())
        .filteredOn(LockMode::blocksReads)
        .containsExactly(LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void blocksWritesFromShareUpwards() {
    assertThat(LockMode.values())
        .filteredOn(LockMode::blocksWrites)
        .containsExactly(
            LockMode.SHARE,
            LockMode.SHARE_ROW_EXCLUSIVE,
            LockMode.EXCLUSIVE,
            LockMode.ACCESS_EXCLUSIVE);
  }

  @Test
  void namesRoundTrip() {
    for (LockMode mode : LockMode.values()) {
      assertThat(LockMode.fromPgLocksName(mode.pgLocksName())).contains(mode);
      assertThat(LockMode.fromSqlName(mode.sqlName().toLowerCase(java.util.Locale.ROOT)))
          .contains(mode);
    }
    assertThat(LockMode.SHARE_UPDATE_EXCLUSIVE.pgLocksName()).isEqualTo("ShareUpdateExclusiveLock");
    assertThat(LockMode.fromSqlName("share  update\texclusive"))
        .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
    assertThat(LockMode.fromSqlName("exclusive share")).isEmpty();
  }
}
