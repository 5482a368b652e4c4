package io.github.pgsafe.report;

import io.github.pgsafe.rules.Finding;
import io.github.pgsafe.rules.LintResult;
import io.github.pgsafe.rules.RuleDoc;
import io.github.pgsafe.rules.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Map;

/** SARIF 2.1.0, the format code-scanning services read. */
final class SarifReport {
  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  static void write(LintResult result, Utf8Writer out) {
    JsonWriter json = new JsonWriter(out);
    json.beginObject().member("$schema", SCHEMA).member("version", "2.1.0");
    json.name("runs").beginArray().beginObject();
    json.name("tool").beginObject().name("driver").beginObject();
    json.member("name", "pgsafe").member("version", PgsafeVersion.current());
    Map<String, Integer> ruleIndex = new HashMap<>();
    json.name("rules").beginArray();
    for (RuleDoc rule : result.rules()) {
      ruleIndex.put(rule.id(), ruleIndex.size());
      json.beginObject().member("id", rule.id());
      json.name("shortDescription").beginObject().member("text", rule.summary()).endObject();
      json.name("fullDescription").beginObject().member("text", rule.why()).endObject();
      json.name("help").beginObject();
      json.member("text", "Instead of:\n" + rule.unsafeExample() + "\nUse:\n" + rule.safeExample());
      json.endObject();
      json.name("defaultConfiguration").beginObject();
      json.member("level", level(rule.severity())).endObject();
      json.endObject();
    }
    json.endArray().endObject().endObject();
    json.name("results").beginArray();
    for (Finding f : result.findings()) {
      json.beginObject().member("ruleId", f.rule());
      Integer index = ruleIndex.get(f.rule());
      if (index != null) {
        json.member("ruleIndex", index);
      }
      json.member("level", level(f.severity()));
      String text = f.fix().isEmpty() ? f.message() : f.message() + "\nInstead:\n" + f.fix();
      json.name("message").beginObject().member("text", text).endObject();
      json.name("locations").beginArray().beginObject();
      json.name("physicalLocation").beginObject();
      json.name("artifactLocation").beginObject().member("uri", uri(f.file())).endObject();
      json.name("region").beginObject();
      json.member("startLine", f.line()).member("startColumn", f.column());
      json.member("endLine", f.endLine()).member("endColumn", f.endColumn() + 1);
      json.endObject().endObject().endObject().endArray();
      json.endObject();
    }
    json.endArray().endObject().endArray().endObject();
    out.append('\n');
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  /** A relative URI with forward slashes and escaped spaces, as SARIF wants file locations. */
  private static String uri(String file) {
    try {
      return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("file name cannot be written as a URI: " + file, e);
    }
  }
}
