package io.github.pgsafe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinariesVersionsTest {

  @Test
  void knowsTheBinariesOfEveryMajorFrom12To18() {
    BinariesVersions versions = BinariesVersions.load();

    assertThat(versions.byMajor().keySet()).containsExactly(12, 13, 14, 15, 16, 17, 18);
    versions
        .byMajor()
        .forEach((major, version) -> assertThat(version).matches(major + "\\.\\d+\\.\\d+"));
  }

  @Test
  void listsTheSupportedMajorsForMessages() {
    assertThat(BinariesVersions.load().majorsList()).isEqualTo("12, 13, 14, 15, 16, 17, 18");
  }
}
