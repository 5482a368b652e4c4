package io.github.pgsafe.rules;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The one list of pgsafe's rules. A rule that is not listed here does not exist. */
public final class BuiltInRules {
  static final List<Rule> ALL =
      List.of(
          new RequireConcurrentIndexCreation(),
          new RequireConcurrentIndexDeletion(),
          new RequireConcurrentReindex(),
          new RequireConcurrentPartitionDetach(),
          new RequireConcurrentRefresh(),
          new BanNonTransactionalInTransaction(),
          new AddingFieldWithDefault(),
          new AddingRequiredField(),
          new AddingNotNullableField(),
          new AddingForeignKeyConstraint(),
          new ConstraintMissingNotValid(),
          new DisallowedUniqueConstraint(),
          new AddingExclusionConstraint(),
          new ChangingColumnType(),
          new BanTableRewrite(),
          new RequireCheckBeforeAttachPartition(),
          new RenamingColumn(),
          new RenamingTable(),
          new BanDropColumn(),
          new BanDropNotNull(),
          new BanDropTable(),
          new BanTruncateCascade(),
          new BanDropDatabase(),
          new BanVacuumFull(),
          new BanCluster(),
          new BanLockTable(),
          new RequireBatchedBackfill(),
          new BanBatchLoopInTransaction(),
          new BanSlowStatementAfterStrongLock(),
          new RequireLockTimeout(),
          new UnrecognisedStatement());

  static final RuleDoc SYNTAX_ERROR =
      RuleDocs.error(
          "syntax-error",
          "A script that cannot be split into statements",
          "An unterminated string, quoted identifier, dollar quote or comment: PostgreSQL would"
              + " reject the script, and pgsafe cannot tell where its statements end.",
          "SELECT 'unterminated;",
          "SELECT 'terminated';");

  static final RuleDoc INVALID_OVERRIDE =
      RuleDocs.error(
          "invalid-override",
          "A pgsafe:allow comment without a known rule or a reason",
          "An override must name the rules it allows and say why, so that the next reader knows"
              + " the danger was weighed: -- pgsafe:allow <rule-id>[, <rule-id>] reason: <text>.",
          "-- pgsafe:allow ban-drop-column\nALTER TABLE orders DROP COLUMN legacy_flag;",
          "-- pgsafe:allow ban-drop-column reason: unused since 2.3\n"
              + "ALTER TABLE orders DROP COLUMN legacy_flag;");

  static final RuleDoc UNUSED_OVERRIDE =
      RuleDocs.warning(
          "unused-override",
          "A pgsafe:allow comment that allows nothing",
          "An override that suppresses no finding is stale: it would silently allow a dangerous"
              + " statement someone adds there later. Remove it.",
          "-- pgsafe:allow ban-drop-column reason: old\nALTER TABLE orders ADD COLUMN note text;",
          "ALTER TABLE orders ADD COLUMN note text;");

  /** Findings the linter itself reports, about the script rather than a statement's effect. */
  static final List<RuleDoc> META = List.of(SYNTAX_ERROR, INVALID_OVERRIDE, UNUSED_OVERRIDE);

  private BuiltInRules() {}

  /** Every rule's documentation, statement rules first, then the linter's own findings. */
  public static List<RuleDoc> docs() {
    return Stream.concat(ALL.stream().map(Rule::doc), META.stream()).toList();
  }

  public static Optional<RuleDoc> doc(String id) {
    return docs().stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** The ids, comma-separated, for messages that list them. */
  public static String ids() {
    return docs().stream().map(RuleDoc::id).collect(Collectors.joining(", "));
  }
}
