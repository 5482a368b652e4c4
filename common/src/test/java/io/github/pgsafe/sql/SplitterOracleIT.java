package io.github.pgsafe.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.pgsafe.sql.PgParserOracle.Answer;
import io.github.pgsafe.sql.PgParserOracle.Range;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The splitter against PostgreSQL's own parser (libpg-query, see {@link PgParserOracle}): for every
 * SQL script of the third-party corpora in {@code <repo>/../shared/corpus} and the reference
 * corpora beside them, both must find the same statements, each starting at the same token and
 * ending at the same token.
 *
 * <p>Statements are compared by offsets: from the first token to the end of the last token, with
 * leading comments and the terminating semicolon left out. The parser reports byte ranges that
 * include leading whitespace and trailing comments, so the oracle script narrows each range to its
 * first and last real token with the parser's own scanner and converts bytes to chars. Comparing
 * offsets catches a statement cut one token short, which comparing counts would not.
 *
 * <p>What the parser cannot read is fed to it prepared, never hidden from the splitter: the
 * splitter always gets the original text, the parser a copy of the same length in which the data of
 * {@code COPY ... FROM STDIN} and psql meta-commands are blanked out (they are psql features, not
 * SQL) and Go template actions ({@code {{ ... }}}), Flyway placeholders and Liquibase properties
 * ({@code ${...}}) are replaced by identifiers. Fineract's Liquibase XML changelogs contribute the
 * bodies of their {@code <sql>} changes. Files PostgreSQL rejects for other reasons are listed with
 * the reason in {@code oracle/exclusions.txt}; the test fails if a listed file would now pass or no
 * longer exists.
 *
 * <p>Corpus location: system property {@code pgsafe.corpus.dir} or environment variable {@code
 * PGSAFE_CORPUS_DIR}, else {@code ../shared/corpus} beside the repository root. Without Node, npm
 * or the corpus the test is skipped locally and fails when {@code CI=true}.
 */
class SplitterOracleIT {
  private static final Pattern GO_TEMPLATE = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}\\n]*}");
  private static final String EXCLUSIONS = "/oracle/exclusions.txt";

  private static PgParserOracle oracle;
  private static Path corpusDir;
  private static Path referenceDir;

  /** One script: the splitter reads {@code script}, the parser reads {@code oracleInput}. */
  private record Case(String name, String script, String oracleInput, List<String> preparations) {}

  @BeforeAll
  static void startOracle() throws IOException {
    corpusDir = locateCorpus();
    referenceDir = corpusDir.getParent().resolve("reference");
    oracle = PgParserOracle.forTests();
  }

  @Test
  void splitterFindsTheParsersStatementsInEveryCorpusScript() throws Exception {
    Map<String, String> exclusions = readExclusions();
    List<String> notScripts = new ArrayList<>();
    List<Case> cases = corpusCases(notScripts);
    for (String excluded : exclusions.keySet()) {
      assertThat(cases.stream().map(Case::name))
          .as("stale entry in %s", EXCLUSIONS)
          .contains(excluded);
    }
    Result result = compare(cases, exclusions);
    System.out.println(result.summary("corpus " + corpusDir, notScripts));
    result.assertNoFailures();
    assertThat(result.compared).as("scripts compared in %s", corpusDir).isPositive();
  }

  /**
   * The lexer against the parser's scanner on every prepared corpus script: each token but strings
   * (see {@link GeneratedScriptsOracleIT}) is a token of the scanner at the same offsets.
   */
  @Test
  void lexerFindsTheScannersTokensInEveryCorpusScript() throws Exception {
    List<Case> cases = corpusCases(new ArrayList<>());
    List<String> inputs = cases.stream().map(Case::oracleInput).toList();
    List<PgParserOracle.ScanAnswer> answers = oracle.scan(inputs);
    List<String> failures = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < cases.size(); i++) {
      PgParserOracle.ScanAnswer answer = answers.get(i);
      if (!answer.scanned()) {
        failures.add(cases.get(i).name() + ": the scanner rejects it: " + answer.error());
        continue;
      }
      Set<Range> theirs = new HashSet<>(answer.tokens());
      String input = inputs.get(i);
      Lexer lexer = new Lexer(input, new LineIndex(input));
      for (Token t = lexer.next(); t != null; t = lexer.next()) {
        if (t.kind().isTrivia() || t.kind() == TokenKind.STRING) {
          continue;
        }
        if (!theirs.contains(new Range(t.offset(), t.endOffset()))) {
          failures.add(
              cases.get(i).name()
                  + ": "
                  + t.kind()
                  + " "
                  + t.text()
                  + " at "
                  + where(input, t.offset())
                  + " is not one token of the scanner");
          break;
        }
        tokens++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "SplitterOracleIT, scanner on %d corpus scripts: %d tokens agree, %d scripts disagree%n",
        cases.size(),
        tokens,
        failures.size());
    if (!failures.isEmpty()) {
      fail(failures.size() + " scripts disagree:\n" + String.join("\n", failures));
    }
  }

  /** Every corpus script, prepared; what is not a script goes to {@code notScripts}. */
  private static List<Case> corpusCases(List<String> notScripts) throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.walk(corpusDir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = corpusDir.relativize(file).toString().replace('\\', '/');
        String fileName = file.getFileName().toString();
        if (fileName.endsWith(".sql")) {
          cases.add(prepare(name, Files.readString(file, StandardCharsets.UTF_8)));
        } else if (fileName.endsWith(".xml")) {
          cases.addAll(liquibaseSqlChanges(name, file, notScripts));
        } else if (!fileName.equals("SOURCE.md") && !fileName.equals("NON_TRANSACTIONAL.txt")) {
          notScripts.add(name);
        }
      }
    }
    return cases;
  }

  @Test
  void splitterFindsTheParsersStatementsInTheReferenceCorpora() throws Exception {
    List<Case> cases = new ArrayList<>();
    for (String name : List.of("pg-lexing-corpus.sql", "pg-statement-corpus.sql")) {
      Path file = referenceDir.resolve(name);
      assertThat(file).as("reference corpus file").isRegularFile();
      cases.add(prepare("reference/" + name, Files.readString(file, StandardCharsets.UTF_8)));
    }
    Result result = compare(cases, Map.of());
    System.out.println(result.summary("reference corpora " + referenceDir, List.of()));
    result.assertNoFailures();
    assertThat(result.compared).isEqualTo(2);
  }

  private static Result compare(List<Case> cases, Map<String, String> exclusions)
      throws IOException {
    List<Answer> answers = oracle.parse(cases.stream().map(Case::oracleInput).toList());
    Result result = new Result(exclusions);
    for (int i = 0; i < cases.size(); i++) {
      result.add(cases.get(i), answers.get(i));
    }
    return result;
  }

  /** The tallies of one comparison run and the reasons for every failure. */
  private static final class Result {
    final Map<String, String> exclusions;
    final List<String> failures = new ArrayList<>();
    final Map<String, String> excluded = new TreeMap<>();
    final Map<String, TreeSet<String>> prepared = new TreeMap<>();
    final TreeSet<String> changelogs = new TreeSet<>();
    int compared;
    int statements;
    int sqlChanges;

    Result(Map<String, String> exclusions) {
      this.exclusions = exclusions;
    }

    void add(Case c, Answer answer) {
      String reason = exclusions.get(c.name());
      String disagreement;
      List<Range> ours = null;
      try {
        ours = splitterRanges(c.script());
        disagreement = answer.parsed() ? disagreement(c, ours, answer.statements()) : null;
      } catch (SqlSyntaxException e) {
        disagreement = "the splitter throws " + e.getMessage();
      }
      if (reason != null) {
        if (answer.parsed() && disagreement == null) {
          failures.add(c.name() + ": listed in " + EXCLUSIONS + " but now agrees; remove it");
        } else {
          excluded.put(c.name(), reason);
        }
        return;
      }
      if (!answer.parsed()) {
        failures.add(
            c.name()
                + ": PostgreSQL's parser rejects it ("
                + answer.error()
                + " at "
                + where(c.oracleInput(), answer.errorOffset())
                + "); fix the preparation or list it in "
                + EXCLUSIONS);
        return;
      }
      if (disagreement != null) {
        failures.add(c.name() + ": " + disagreement);
        return;
      }
      compared++;
      statements += Objects.requireNonNull(ours).size();
      int hash = c.name().indexOf(".xml#");
      if (hash >= 0) {
        changelogs.add(c.name().substring(0, hash));
        sqlChanges++;
      }
      for (String preparation : c.preparations()) {
        prepared.computeIfAbsent(preparation, k -> new TreeSet<>()).add(c.name());
      }
    }

    String summary(String what, List<String> notScripts) {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "SplitterOracleIT, %s: %d scripts compared, %d statements agree, %d excluded, %d"
                  + " failed%n",
              what,
              compared,
              statements,
              excluded.size(),
              failures.size()));
      if (sqlChanges > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "  of these, Liquibase <sql> changes: %d from %d XML changelogs%n",
                sqlChanges,
                changelogs.size()));
      }
      prepared.forEach(
          (preparation, names) ->
              out.append(
                  String.format(
                      Locale.ROOT, "  prepared (%s): %d scripts%n", preparation, names.size())));
      excluded.forEach(
          (name, reason) ->
              out.append(String.format(Locale.ROOT, "  excluded %s: %s%n", name, reason)));
      if (!notScripts.isEmpty()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  not SQL, not compared: %d files (%s)%n",
                notScripts.size(),
                extensions(notScripts)));
      }
      failures.forEach(f -> out.append("  FAILED ").append(f).append('\n'));
      return out.toString();
    }

    void assertNoFailures() {
      if (!failures.isEmpty()) {
        fail(failures.size() + " scripts disagree:\n" + String.join("\n", failures));
      }
    }
  }

  private static String extensions(List<String> names) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String name : names) {
      String ext = name.substring(name.lastIndexOf('.') + 1);
      counts.merge(ext, 1, Integer::sum);
    }
    return counts.toString();
  }

  private static List<Range> splitterRanges(String script) {
    List<Range> ranges = new ArrayList<>();
    for (Statement s : Splitter.split(script)) {
      if (s.isExecutable()) {
        List<Token> tokens = s.tokens();
        ranges.add(new Range(tokens.get(0).offset(), tokens.get(tokens.size() - 1).endOffset()));
      }
    }
    return ranges;
  }

  /** Null if both found the same statements, else the first difference in words. */
  private static String disagreement(Case c, List<Range> ours, List<Range> theirs) {
    int n = Math.min(ours.size(), theirs.size());
    for (int i = 0; i < n; i++) {
      if (!ours.get(i).equals(theirs.get(i))) {
        return String.format(
            Locale.ROOT,
            "statement %d differs:%n    splitter (%s): %s%n    parser   (%s): %s",
            i + 1,
            where(c.script(), ours.get(i).start()),
            excerpt(c.script(), ours.get(i)),
            where(c.oracleInput(), theirs.get(i).start()),
            excerpt(c.oracleInput(), theirs.get(i)));
      }
    }
    if (ours.size() != theirs.size()) {
      List<Range> longer = ours.size() > theirs.size() ? ours : theirs;
      String text = ours.size() > theirs.size() ? c.script() : c.oracleInput();
      return String.format(
          Locale.ROOT,
          "splitter found %d statements, parser %d; first extra one (%s): %s",
          ours.size(),
          theirs.size(),
          where(text, longer.get(n).start()),
          excerpt(text, longer.get(n)));
    }
    return null;
  }

  private static String where(String text, int offset) {
    if (offset < 0) {
      return "unknown position";
    }
    LineIndex lines = new LineIndex(text);
    return "line " + lines.line(offset) + ", column " + lines.column(offset);
  }

  private static String excerpt(String text, Range range) {
    String s = text.substring(range.start(), range.end()).replaceAll("\\s+", " ");
    return s.length() <= 120 ? s : s.substring(0, 60) + " ... " + s.substring(s.length() - 55);
  }

  /** The parser's copy of a script: same length, psql-only parts blanked, templates filled in. */
  private static Case prepare(String name, String script) {
    List<String> preparations = new ArrayList<>();
    char[] input = script.toCharArray();
    List<Statement> pieces;
    try {
      pieces = Splitter.split(script);
    } catch (SqlSyntaxException e) {
      pieces = List.of();
    }
    for (Statement piece : pieces) {
      if (piece.kind() == StatementKind.META_COMMAND) {
        blank(input, piece.offset(), piece.offset() + piece.text().length());
        preparations.add("psql meta-commands blanked");
      }
      if (piece.copyData().isPresent()) {
        int end = piece.offset() + piece.text().length();
        blank(input, end - piece.copyData().get().length(), end);
        preparations.add("COPY FROM STDIN data blanked");
      }
    }
    String text = new String(input);
    String filled = fill(GO_TEMPLATE, text);
    if (!filled.equals(text)) {
      preparations.add("Go template actions {{ ... }} replaced by identifiers");
    }
    String replaced = fill(PLACEHOLDER, filled);
    if (!replaced.equals(filled)) {
      preparations.add("${...} placeholders replaced by identifiers");
    }
    return new Case(name, script, replaced, List.copyOf(new TreeSet<>(preparations)));
  }

  private static void blank(char[] text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] != '\n' && text[i] != '\r') {
        text[i] = ' ';
      }
    }
  }

  /** Replaces each match by an identifier of the same length, so offsets stay the same. */
  private static String fill(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, "p" + "_".repeat(m.group().length() - 1));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The {@code <sql>} changes of a Liquibase XML changelog that apply to PostgreSQL, one case each,
   * named {@code <file>#<n>} by their 1-based position in the file; the others (dbms or context
   * MySQL only) go to {@code notForPostgres}.
   */
  private static List<Case> liquibaseSqlChanges(String name, Path file, List<String> notForPostgres)
      throws IOException {
    Element root;
    try (InputStream in = Files.newInputStream(file)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      root = factory.newDocumentBuilder().parse(in).getDocumentElement();
    } catch (SAXException | ParserConfigurationException e) {
      throw new IOException(name + ": not readable as XML", e);
    }
    List<Case> cases = new ArrayList<>();
    NodeList sqls = root.getElementsByTagNameNS("*", "sql");
    for (int i = 0; i < sqls.getLength(); i++) {
      Element sql = (Element) sqls.item(i);
      Element changeSet = (Element) sql.getParentNode();
      if (appliesToPostgres(sql) && appliesToPostgres(changeSet)) {
        cases.add(prepare(name + "#" + (i + 1), sql.getTextContent()));
      } else {
        notForPostgres.add(name + "#" + (i + 1) + ".mysql-only-sql-change");
      }
    }
    return cases;
  }

  private static boolean appliesToPostgres(Element element) {
    String dbms = element.getAttribute("dbms");
    String context = element.getAttribute("context");
    return (dbms.isEmpty() || dbms.contains("postgresql"))
        && !(context.contains("mysql") && !context.contains("postgresql"));
  }

  private static Map<String, String> readExclusions() throws IOException {
    Map<String, String> exclusions = new LinkedHashMap<>();
    try (InputStream in =
        Objects.requireNonNull(SplitterOracleIT.class.getResourceAsStream(EXCLUSIONS))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int bar = line.indexOf('|');
        assertThat(bar).as("'<file> | <reason>' in %s: %s", EXCLUSIONS, line).isPositive();
        exclusions.put(line.substring(0, bar).strip(), line.substring(bar + 1).strip());
      }
    }
    return exclusions;
  }

  private static Path locateCorpus() {
    String override = System.getProperty("pgsafe.corpus.dir", System.getenv("PGSAFE_CORPUS_DIR"));
    Path dir;
    if (override != null && !override.isBlank()) {
      dir = Path.of(override).toAbsolutePath();
    } else {
      Path root = repositoryRoot();
      if (root == null) {
        unavailable("no repository root (a directory with .ci/run) above " + moduleDir());
      }
      dir = root.getParent().resolve("shared").resolve("corpus");
    }
    if (!Files.isDirectory(dir)) {
      unavailable("corpus directory " + dir + " is missing; set PGSAFE_CORPUS_DIR");
    }
    return dir.normalize();
  }

  private static Path repositoryRoot() {
    for (Path dir = moduleDir(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(".ci").resolve("run"))) {
        return dir;
      }
    }
    return null;
  }

  private static Path moduleDir() {
    return PgParserOracle.moduleDir();
  }

  private static void unavailable(String reason) {
    PgParserOracle.unavailable(reason);
  }
}
