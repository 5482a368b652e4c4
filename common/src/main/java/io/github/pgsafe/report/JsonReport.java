package io.github.pgsafe.report;

import io.github.pgsafe.rules.Finding;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.Severity;

/**
 * The JSON report. Its schema is documented in docs/report-json.md and versioned by {@code
 * schemaVersion}: members are only ever added, never renamed or removed, within a version.
 */
final class JsonReport {
  static final int SCHEMA_VERSION = 1;

  private JsonReport() {}

  static void write(LintResult result, Utf8Writer out) {
    JsonWriter json = new JsonWriter(out);
    json.beginObject().member("schemaVersion", SCHEMA_VERSION);
    json.name("tool").beginObject();
    json.member("name", "pgsafe").member("version", PgsafeVersion.current()).endObject();
    json.name("summary").beginObject();
    json.member("files", result.files()).member("statements", result.statements());
    json.member("errors", result.count(Severity.ERROR));
    json.member("warnings", result.count(Severity.WARNING));
    json.member("infos", result.count(Severity.INFO));
    json.member("passed", result.passes()).endObject();
    json.name("findings").beginArray();
    for (Finding f : result.findings()) {
      finding(json, f);
    }
    json.endArray().endObject();
    out.append('\n');
  }

  /** Kept out of the loop above so that it is compiled after a few hundred findings. */
  private static void finding(JsonWriter json, Finding f) {
    json.beginObject();
    json.member("file", f.file()).member("line", f.line()).member("column", f.column());
    json.member("endLine", f.endLine()).member("endColumn", f.endColumn());
    json.member("rule", f.rule()).member("severity", f.severity().label());
    json.member("message", f.message()).member("fix", f.fix());
    json.member("statement", f.statement());
    if (f.note().isPresent()) {
      json.member("note", f.note().get());
    }
    json.member("docs", f.docsPath());
    json.endObject();
  }
}
