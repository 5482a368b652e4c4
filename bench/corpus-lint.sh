#!/usr/bin/env bash
# Findings per rule of `pgsafe lint` and of squawk on every SQL file of shared/corpus, as the
# markdown table in docs/corpus-lint.md. Both see the same files, one invocation each, PostgreSQL 14.
# Usage: bench/corpus-lint.sh
source "$(dirname "$0")/lib.sh"

pgsafe=$(pgsafe_launcher)
squawk=$(squawk_binary)
list=$WORK/corpus-files
find "$SHARED/corpus" -name '*.sql' -type f -print0 | sort -z >"$list"
echo "files: $(tr -cd '\0' <"$list" | wc -c) SQL files under $SHARED/corpus" >&2

xargs -0 "$pgsafe" lint --pg-version 14 --format json <"$list" >"$WORK/corpus-pgsafe.json" || true
xargs -0 "$squawk" --pg-version 14 --reporter json <"$list" >"$WORK/corpus-squawk.json" || true

# Rule names are compared as they are: pgsafe keeps squawk's id wherever it checks the same thing.
jq -r -n --slurpfile p "$WORK/corpus-pgsafe.json" --slurpfile s "$WORK/corpus-squawk.json" '
  ($p[0].findings | group_by(.rule) | map({key: .[0].rule, value: length}) | from_entries) as $pc
  | ($s[0] | group_by(.rule_name) | map({key: .[0].rule_name, value: length}) | from_entries) as $sc
  | ([$pc, $sc] | map(keys) | add | unique) as $rules
  | "| rule | pgsafe | squawk 2.66 |",
    "|---|---:|---:|",
    ($rules | sort_by(-(($pc[.] // 0) + ($sc[.] // 0)))[]
      | "| `\(.)` | \($pc[.] // 0) | \($sc[.] // 0) |"),
    "",
    "pgsafe: \($p[0].summary.files) files, \($p[0].summary.statements) statements;"
      + " squawk syntax errors in \([$s[0][] | select(.rule_name == "syntax-error") | .file] | unique | length) files."
'
