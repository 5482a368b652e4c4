package io.github.pgsafe.report;

import io.github.pgsafe.rules.LintResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The report formats of {@code pgsafe lint}. */
public enum ReportFormat {
  /** For people: file:line:column, rule, message, the fix ready to paste. */
  TEXT {
    @Override
    void write(LintResult result, Utf8Writer out) {
      out.append(TextReport.render(result));
    }

    @Override
    public String render(LintResult result) {
      return TextReport.render(result);
    }
  },
  /** For programs: the stable schema documented in docs/report-json.md. */
  JSON {
    @Override
    void write(LintResult result, Utf8Writer out) {
      JsonReport.write(result, out);
    }
  },
  /** SARIF 2.1.0, for code-scanning tools. */
  SARIF {
    @Override
    void write(LintResult result, Utf8Writer out) {
      SarifReport.write(result, out);
    }
  };

  abstract void write(LintResult result, Utf8Writer out);

  /**
   * Writes the report to {@code out} as UTF-8, whatever the platform's encoding (JSON and SARIF
   * must be UTF-8, and the scripts were read as UTF-8), and flushes it.
   *
   * @throws java.io.UncheckedIOException if {@code out} fails
   */
  public void write(LintResult result, OutputStream out) {
    Utf8Writer writer = new Utf8Writer(out);
    write(result, writer);
    writer.flush();
  }

  /** The whole report as a string (JSON and SARIF are written as UTF-8 and read back). */
  public String render(LintResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(result, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Parses {@code text}, {@code json} or {@code sarif}, ignoring case. */
  public static ReportFormat parse(String name) {
    for (ReportFormat format : values()) {
      if (format.name().equalsIgnoreCase(name.strip())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format '" + name + "'; use text, json or sarif");
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
