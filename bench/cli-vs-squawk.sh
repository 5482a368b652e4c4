#!/usr/bin/env bash
# Whole-process time of `pgsafe lint --format json` against `squawk --reporter json` on the
# 20,048-statement benchmark script, runs interleaved so both see the same machine load.
# Usage: bench/cli-vs-squawk.sh [runs]   (default 11); prints every run, then the medians.
source "$(dirname "$0")/lib.sh"

runs=${1:-11}
pgsafe=$(pgsafe_launcher)
squawk=$(squawk_binary)
script=$(benchmark_script)

# Wall seconds of one run, output discarded; exit code 1 (findings) is expected from both.
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "file: $script ($(grep -c ';' "$script") semicolons); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pgsafe: $("$pgsafe" --version), java: $(java -version 2>&1 | head -1)"
echo "squawk: $("$squawk" --version)"
# One untimed run each warms the file cache and the JVM's class data archive.
seconds "$pgsafe" lint --format json "$script" >/dev/null
seconds "$squawk" --reporter json "$script" >/dev/null
: >"$WORK/pgsafe.times"
: >"$WORK/squawk.times"
for i in $(seq "$runs"); do
  p=$(seconds "$pgsafe" lint --format json "$script")
  s=$(seconds "$squawk" --reporter json "$script")
  echo "$p" >>"$WORK/pgsafe.times"
  echo "$s" >>"$WORK/squawk.times"
  echo "run $i: pgsafe $p s, squawk $s s"
done
echo "median of $runs: pgsafe $(median <"$WORK/pgsafe.times") s, squawk $(median <"$WORK/squawk.times") s;" \
  "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
