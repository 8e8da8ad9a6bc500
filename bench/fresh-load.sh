#!/usr/bin/env bash
# A migration right after the data was loaded, as a test or a restore does it: RUNS times, sysbench prepares TABLES x
# ROWS rows on a MySQL 8.0.33 source anew, then snapshift migrates them at once (before InnoDB recalculates the
# tables' statistics: DATA_LENGTH still one page). Per run: the whole run, how many tables got their secondary
# indexes after their rows (the rest were created with them, maintained row by row during the load), and the CPU
# the source and target servers spent.
#
#   bench/fresh-load.sh [RUNS] [TABLES] [ROWS]      (default 3 runs, 8 tables, 200000 rows)
#   COMPARE_CMD="OTHER/bin/snapshift"    each run also with that build, in turns (each on freshly loaded tables)
#   SNAPSHIFT_ARGS="--no-verify"         more migrate options
set -euo pipefail
RUNS=${1:-3}
TABLES=${2:-8}
ROWS=${3:-200000}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sysbench_servers "$TABLES" "$ROWS"
SRC_PID=$(val src server_pid); DST_PID=$(val dst server_pid)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system ticks of a server

# one_run LAUNCHER LABEL: loads the tables anew, migrates them at once; prints its line
one_run() {
  local launcher=$1 label=$2 start end rc=0 s0 d0
  q "$SRC" -e "DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest"
  sysbench oltp_read_write "${SB[@]}" --threads=4 prepare > /dev/null
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest"
  rm -rf "$WORK/state"
  s0=$(cpu "$SRC_PID"); d0=$(cpu "$DST_PID")
  start=$(date +%s%N)
  # shellcheck disable=SC2086  # SNAPSHIFT_ARGS is a list of options
  SNAPSHIFT_LOG_LEVEL=INFO "$launcher" migrate --source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" \
    --databases sbtest --quiet --state-dir "$WORK/state" ${SNAPSHIFT_ARGS:-} > "$WORK/m.out" 2> "$WORK/m.err" || rc=$?
  end=$(date +%s%N)
  printf '%-8s rc=%s  run %5.1f s  indexes added after the rows: %s of %s tables  CPU s: source %s, target %s\n' \
    "$label" "$rc" "$(awk "BEGIN { print ($end - $start) / 1e9 }")" \
    "$(grep -c 'secondary index(es) built' "$WORK/m.err" || true)" "$TABLES" \
    "$(awk -v a="$s0" -v b="$(cpu "$SRC_PID")" 'BEGIN { printf "%.1f", (b - a) / 100 }')" \
    "$(awk -v a="$d0" -v b="$(cpu "$DST_PID")" 'BEGIN { printf "%.1f", (b - a) / 100 }')"
}

echo "sysbench: $TABLES tables x $ROWS rows prepared anew before every run, migrated at once${SNAPSHIFT_ARGS:+ ($SNAPSHIFT_ARGS)}"
for i in $(seq 1 "$RUNS"); do
  one_run "$ROOT/bin/snapshift" "this"
  if [ -n "${COMPARE_CMD:-}" ]; then
    one_run "$COMPARE_CMD" "compare"
  fi
done
