package io.github.pgsafe.report;

import io.github.pgsafe.rules.LintResult;
import java.util.Locale;

/** The report formats of {@code pgsafe lint}. */
public enum ReportFormat {
  /** For people: file:line:column, rule, message, the fix ready to paste. */
  TEXT {
    @Override
    public String render(LintResult result) {
      return TextReport.render(result);
    }
  },
  /** For programs: the stable schema documented in docs/report-json.md. */
  JSON {
    @Override
    public String render(LintResult result) {
      return JsonReport.render(result);
    }
  },
  /** SARIF 2.1.0, for code-scanning tools. */
  SARIF {
    @Override
    public String render(LintResult result) {
      return SarifReport.render(result);
    }
  };

  public abstract String render(LintResult result);

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
