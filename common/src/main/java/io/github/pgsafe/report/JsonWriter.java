package io.github.pgsafe.report;

/**
 * Writes JSON into a {@link Utf8Writer}, one value at a time. The caller keeps the nesting right;
 * this class only places the commas, colons and escapes.
 */
final class JsonWriter {
  private final Utf8Writer out;
  private boolean needsComma;

  JsonWriter(Utf8Writer out) {
    this.out = out;
  }

  JsonWriter beginObject() {
    separate();
    out.append('{');
    needsComma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  JsonWriter beginArray() {
    separate();
    out.append('[');
    needsComma = false;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Writes a member name; the next call writes its value. */
  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  JsonWriter value(String text) {
    separate();
    string(text);
    needsComma = true;
    return this;
  }

  JsonWriter value(long number) {
    separate();
    out.append(number);
    needsComma = true;
    return this;
  }

  JsonWriter value(boolean flag) {
    separate();
    out.append(flag);
    needsComma = true;
    return this;
  }

  JsonWriter member(String name, String text) {
    return name(name).value(text);
  }

  JsonWriter member(String name, long number) {
    return name(name).value(number);
  }

  JsonWriter member(String name, boolean flag) {
    return name(name).value(flag);
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }

  /**
   * Hands on runs of ASCII characters that need no escape in one bulk copy: most report strings
   * (messages, fixes, single-line statements) are one such run. This scan is the only one per char.
   */
  private void string(String text) {
    out.append('"');
    int run = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        i++;
        continue;
      }
      out.appendAscii(text, run, i);
      if (c >= 0x80) {
        i = out.appendNonAscii(text, i, text.length());
      } else {
        escape(c);
        i++;
      }
      run = i;
    }
    out.appendAscii(text, run, text.length());
    out.append('"');
  }

  private void escape(char c) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> out.append(String.format("\\u%04x", (int) c));
    }
  }
}
