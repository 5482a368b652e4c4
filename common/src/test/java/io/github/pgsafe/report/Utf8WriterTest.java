package io.github.pgsafe.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {

  private static byte[] written(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Utf8Writer writer = new Utf8Writer(bytes);
    writer.append(text).flush();
    return bytes.toByteArray();
  }

  @Property
  void encodesAsStringGetBytesDoes(@ForAll @StringLength(max = 200) String text) {
    assertThat(written(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encodesEverySequenceLengthAndReplacesLoneSurrogates() {
    String text = "a é € \uD83D\uDE00 lone \uD800 end \uDC00";
    assertThat(written(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(written(text), StandardCharsets.UTF_8))
        .isEqualTo("a é € \uD83D\uDE00 lone ? end ?");
  }

  @Test
  void keepsMultiByteCharsWholeAcrossBufferFlushes() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 70_000; i++) {
      text.append(i % 3 == 0 ? "€" : i % 3 == 1 ? "\uD83D\uDE00" : "x");
    }
    assertThat(written(text.toString()))
        .isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesPartsNumbersAndFlags() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Utf8Writer(bytes)
        .append("[abcdef]", 1, 4)
        .append(-42)
        .append(0)
        .append(' ')
        .append(Long.MIN_VALUE)
        .append(' ')
        .append(Long.MAX_VALUE)
        .append(true)
        .flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("abc-420 " + Long.MIN_VALUE + " " + Long.MAX_VALUE + "true");
  }
}
