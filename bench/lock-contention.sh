#!/usr/bin/env bash
# The global read lock under a write load whose writers contend on rows: RUNS migrations of a MySQL 8.0.33 source
# while sysbench oltp_write_only runs with SB_THREADS threads on 4 x ROWS rows, keys drawn by RAND_TYPE (pareto: a few
# rows take most writes). Per run: the attempts of 10 s that gave up, the lock wait (every try, writers waiting with
# it), how long writes were blocked once the lock was had, and the whole run.
#
#   bench/lock-contention.sh [RUNS] [SB_THREADS] [ROWS] [RAND_TYPE]      (default 6 runs, 8 threads, 2000, pareto)
#   COMPARE_CMD="OTHER/bin/snapshift"    each run also with that build, in turns (same servers, same load)
set -euo pipefail
RUNS=${1:-6}
SB_THREADS=${2:-8}
ROWS=${3:-2000}
RAND_TYPE=${4:-pareto}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sysbench_servers 4 "$ROWS"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_write_only "${SB[@]}" prepare >/dev/null

# one_run LAUNCHER LABEL: a migration 3 s into a fresh sysbench load; prints its line
one_run() {
  local launcher=$1 label=$2
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest"
  rm -rf "$WORK/state" "$WORK/r.json"
  sysbench oltp_write_only "${SB[@]}" --threads="$SB_THREADS" --rand-type="$RAND_TYPE" --time=120 \
    --mysql-ignore-errors=all run > "$WORK/sysbench.out" 2>&1 &
  local sb=$!
  sleep 3
  local start end rc=0
  start=$(date +%s%N)
  "$launcher" migrate --source "mysql://root@127.0.0.1:$SRC?ssl-mode=REQUIRED" \
    --target "mysql://root@127.0.0.1:$DST?ssl-mode=REQUIRED" --databases sbtest --threads 4 \
    --state-dir "$WORK/state" --report "$WORK/r.json" > "$WORK/m.out" 2>&1 || rc=$?
  end=$(date +%s%N)
  kill "$sb" 2>/dev/null || true
  wait "$sb" 2>/dev/null || true
  local failed lock
  failed=$(grep -c "attempt [0-9]* of [0-9]* failed (could not take" "$WORK/m.out" || true)
  lock=$(python3 -c "import json;l=json.load(open('$WORK/r.json')).get('lock') or {};print(l.get('waitMillis','-'), l.get('heldMillis','-'))" 2>/dev/null || echo "- -")
  printf '%-8s rc=%s  run %5.1f s  attempts given up %s  lock wait %s ms  writes blocked %s ms\n' \
    "$label" "$rc" "$(awk "BEGIN { print ($end - $start) / 1e9 }")" "$failed" "${lock% *}" "${lock#* }"
}

echo "sysbench oltp_write_only, $SB_THREADS threads, 4 x $ROWS rows, --rand-type=$RAND_TYPE; snapshift --threads 4 over TLS"
for i in $(seq 1 "$RUNS"); do
  one_run "$ROOT/bin/snapshift" "this"
  if [ -n "${COMPARE_CMD:-}" ]; then
    one_run "$COMPARE_CMD" "compare"
  fi
done
