package io.github.pgsafe.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DerivedNamesTest {
  @Test
  void joinsTableColumnAndSuffix() {
    assertThat(DerivedNames.of("orders", "email", "not_null")).isEqualTo("orders_email_not_null");
  }

  @Test
  void cutsToSixtyThreeBytesOnACharacterEdge() {
    String name = DerivedNames.of("é".repeat(40), "ñ", "not_null");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    assertThat(name).endsWith("_not_null").startsWith("éééé").doesNotContain("\uFFFD");
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(63);
  }

  @Test
  void rejectsNamesLongerThanPostgresKeeps() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TableName.of("x".repeat(64)));
    assertThat(e.getMessage()).startsWith("SQL identifier is 64 bytes long");
  }

  @Test
  void quotesEveryPartOfAnIndexDefinition() {
    IndexDefinition d =
        IndexDefinition.on(TableName.of("Sales", "Order \"Items\""), "select")
            .using("gin")
            .column("Tags")
            .expression("lower(note)")
            .include("user")
            .where("note IS NOT NULL")
            .asUnique();
    assertThat(d.createSql())
        .isEqualTo(
            "CREATE UNIQUE INDEX CONCURRENTLY \"select\" ON \"Sales\".\"Order \"\"Items\"\"\""
                + " USING \"gin\" (\"Tags\", (lower(note))) INCLUDE (\"user\") WHERE note IS NOT"
                + " NULL");
  }

  @Test
  void displaysNamesQuotedOnlyWhereNeeded() {
    assertThat(TableName.of("public", "orders").display()).isEqualTo("public.orders");
    assertThat(TableName.of("Orders").display()).isEqualTo("\"Orders\"");
    assertThat(TableName.of("Orders").sql()).isEqualTo("\"Orders\"");
  }
}
