package io.github.pgsafe.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  private static String written(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Utf8Writer out = new Utf8Writer(bytes);
    new JsonWriter(out).beginObject().member("v", value).endObject();
    out.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void escapesQuotesBackslashesAndControlCharsAndKeepsOtherCharsAsUtf8() {
    assertThat(written("say \"hi\"\\n\tnext\nline\r\u0001 é € \uD83D\uDE00 \uD800!"))
        .isEqualTo("{\"v\":\"say \\\"hi\\\"\\\\n\\tnext\\nline\\r\\u0001 é € \uD83D\uDE00 ?!\"}");
  }

  @Test
  void writesPlainAndEmptyStringsWhole() {
    assertThat(written("CREATE INDEX i ON t (c)")).isEqualTo("{\"v\":\"CREATE INDEX i ON t (c)\"}");
    assertThat(written("")).isEqualTo("{\"v\":\"\"}");
  }
}
