package io.github.pgsafe.report;

import io.github.pgsafe.rules.Finding;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.Severity;

/** The human report: each finding with its location, the consequence, and the fix to paste. */
final class TextReport {
  private TextReport() {}

  static String render(LintResult result) {
    StringBuilder out = new StringBuilder();
    for (Finding f : result.findings()) {
      out.append(f.file())
          .append(':')
          .append(f.line())
          .append(':')
          .append(f.column())
          .append(": ")
          .append(f.severity().label())
          .append(' ')
          .append(f.rule())
          .append('\n');
      indent(out, firstLines(f.statement()), "    ");
      indent(out, f.message(), "  ");
      if (!f.fix().isEmpty()) {
        out.append("  Instead:\n");
        indent(out, f.fix(), "    ");
      }
      f.note().ifPresent(note -> indent(out, "Note: " + note, "  "));
      out.append("  To allow this statement: -- pgsafe:allow ")
          .append(f.rule())
          .append(" reason: <why>\n");
      out.append("  Docs: ").append(f.docsPath()).append("\n\n");
    }
    out.append(summary(result)).append('\n');
    return out.toString();
  }

  static String summary(LintResult result) {
    return String.format(
        "%d error(s), %d warning(s), %d info in %d file(s), %d statement(s)",
        result.count(Severity.ERROR),
        result.count(Severity.WARNING),
        result.count(Severity.INFO),
        result.files(),
        result.statements());
  }

  /** A statement shown in a report: its first three lines, so a long body does not drown it. */
  private static String firstLines(String sql) {
    String[] lines = sql.split("\n", 4);
    if (lines.length <= 3) {
      return sql;
    }
    return lines[0] + '\n' + lines[1] + '\n' + lines[2] + "\n...";
  }

  private static void indent(StringBuilder out, String text, String prefix) {
    for (String line : text.split("\n", -1)) {
      out.append(prefix).append(line).append('\n');
    }
  }
}
