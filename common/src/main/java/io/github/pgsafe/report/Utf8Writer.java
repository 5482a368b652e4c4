package io.github.pgsafe.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Encodes report text as UTF-8 into one reused buffer and hands it to a stream whenever it fills. A
 * JSON report of 10,000 findings runs to several MB: built as a string first, then copied and
 * encoded, it made up a fifth of what a short-lived lint run allocated, and in a fresh JVM every
 * allocated MB also costs the page faults of memory touched for the first time.
 */
final class Utf8Writer {
  private static final int BUFFER_BYTES = 1 << 16;

  /** Room for the longest UTF-8 sequence, so one char never needs a flush in its middle. */
  private static final int MAX_SEQUENCE_BYTES = 4;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int count;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  Utf8Writer append(char c) {
    if (count > BUFFER_BYTES - MAX_SEQUENCE_BYTES) {
      drain();
    }
    if (c < 0x80) {
      buffer[count++] = (byte) c;
    } else if (c < 0x800) {
      buffer[count++] = (byte) (0xC0 | c >> 6);
      buffer[count++] = (byte) (0x80 | c & 0x3F);
    } else {
      buffer[count++] = (byte) (0xE0 | c >> 12);
      buffer[count++] = (byte) (0x80 | c >> 6 & 0x3F);
      buffer[count++] = (byte) (0x80 | c & 0x3F);
    }
    return this;
  }

  Utf8Writer append(String text) {
    return append(text, 0, text.length());
  }

  /** Appends {@code text} from {@code from} (inclusive) to {@code to} (exclusive). */
  Utf8Writer append(String text, int from, int to) {
    int run = from;
    int i = from;
    while (i < to) {
      if (text.charAt(i) < 0x80) {
        i++;
      } else {
        appendAscii(text, run, i);
        i = appendNonAscii(text, i, to);
        run = i;
      }
    }
    return appendAscii(text, run, to);
  }

  /**
   * Appends the non-ASCII char at {@code index} of {@code text}, with the low surrogate that
   * follows it when the two form a pair (a lone surrogate becomes {@code ?}, as in {@code
   * String.getBytes}), and returns the index after what it took.
   */
  int appendNonAscii(String text, int index, int to) {
    char c = text.charAt(index);
    if (Character.isHighSurrogate(c)
        && index + 1 < to
        && Character.isLowSurrogate(text.charAt(index + 1))) {
      appendCodePoint(Character.toCodePoint(c, text.charAt(index + 1)));
      return index + 2;
    }
    append(Character.isSurrogate(c) ? '?' : c);
    return index + 1;
  }

  /**
   * Copies a run of ASCII chars in bulk: for ASCII the low byte of each char, which is what the
   * deprecated {@code String.getBytes(int, int, byte[], int)} copies, is its UTF-8 encoding.
   */
  @SuppressWarnings("deprecation")
  Utf8Writer appendAscii(String text, int from, int to) {
    while (from < to) {
      if (count == BUFFER_BYTES) {
        drain();
      }
      int length = Math.min(to - from, BUFFER_BYTES - count);
      text.getBytes(from, from + length, buffer, count);
      count += length;
      from += length;
    }
    return this;
  }

  /** Appends the decimal digits of {@code number}, without making a string of them. */
  Utf8Writer append(long number) {
    if (number == Long.MIN_VALUE) {
      return append(Long.toString(number));
    }
    if (count > BUFFER_BYTES - 20) {
      drain();
    }
    long rest = number;
    if (rest < 0) {
      buffer[count++] = '-';
      rest = -rest;
    }
    int first = count;
    do {
      buffer[count++] = (byte) ('0' + rest % 10);
      rest /= 10;
    } while (rest > 0);
    for (int low = first, high = count - 1; low < high; low++, high--) {
      byte digit = buffer[low];
      buffer[low] = buffer[high];
      buffer[high] = digit;
    }
    return this;
  }

  Utf8Writer append(boolean flag) {
    return append(flag ? "true" : "false");
  }

  /** Writes what is buffered and flushes the stream. */
  void flush() {
    drain();
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report", e);
    }
  }

  private void appendCodePoint(int codePoint) {
    if (count > BUFFER_BYTES - MAX_SEQUENCE_BYTES) {
      drain();
    }
    buffer[count++] = (byte) (0xF0 | codePoint >> 18);
    buffer[count++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
    buffer[count++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
    buffer[count++] = (byte) (0x80 | codePoint & 0x3F);
  }

  private void drain() {
    try {
      out.write(buffer, 0, count);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report", e);
    }
    count = 0;
  }
}
