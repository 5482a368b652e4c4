# Shared by the bench/*.sh scripts: where things are, and the tools they compare.
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${PGSAFE_SHARED_DIR:-$ROOT/../shared}
WORK=$ROOT/target/bench
SQUAWK_VERSION=2.66.0
mkdir -p "$WORK"

# The pgsafe launcher, built if missing.
pgsafe_launcher() {
  if [ ! -x "$ROOT/cli/target/pgsafe" ]; then
    (cd "$ROOT" && ./mvnw -q -B -pl cli -am package -DskipTests) >&2
  fi
  echo "$ROOT/cli/target/pgsafe"
}

# squawk-cli from the npm registry, installed once under target/bench.
squawk_binary() {
  local dir=$WORK/squawk-$SQUAWK_VERSION
  if [ ! -x "$dir/node_modules/.bin/squawk" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm install --silent --no-audit --no-fund "squawk-cli@$SQUAWK_VERSION") >&2
  fi
  echo "$dir/node_modules/.bin/squawk"
}

# The 20,048-statement benchmark script: the statement corpus 358 times (as ThroughputBenchmark).
benchmark_script() {
  local file=$WORK/bench-20k.sql
  if [ ! -f "$file" ]; then
    for _ in $(seq 358); do
      cat "$SHARED/reference/pg-statement-corpus.sql"
      echo
    done >"$file"
  fi
  echo "$file"
}
