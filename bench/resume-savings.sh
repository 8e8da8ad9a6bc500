#!/usr/bin/env bash
# Benchmark: what a resume saves (issue #16). MySQL 8.0.33 -> 8.0.33 sandbox servers, sysbench tables.
#
#   bench/resume-savings.sh [TABLES] [ROWS]          (default 4 250000)
#
#   SNAPSHIFT_THREADS=N   --threads N (default 4)
#   BENCH_CHUNK_ROWS=N    --chunk-rows N (default 25000: about 40 chunks, so that a kill can land at 25/50/75%;
#                         the default 32M chunks make two chunks per sysbench table here)
#   BENCH_OUT=FILE        also write the result table there
#
# First a migrate from zero into an emptied target (what a restart costs: every row again). Then, for 25, 50 and 75%:
# a migrate into an emptied target, killed with SIGKILL once the run state says that share of the estimated rows is
# committed, then `migrate --resume RUN_ID`, timed. The resumed copy is checked with CHECKSUM TABLE on both servers
# (the source is quiet: no write load here, so the binary log replay between the two points in time is empty; ResumeIT
# covers the replay under load).
set -euo pipefail
TABLES=${1:-4}
ROWS=${2:-250000}
THREADS=${SNAPSHIFT_THREADS:-4}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_command sysbench sysbench

start_server src 1 --native-password
start_server dst 2 --native-password
SRC=$(val src port); DST=$(val dst port); BASEDIR=$(val src basedir)
MYSQL="$BASEDIR/bin/mysql --no-defaults -uroot -h127.0.0.1"
q() { local port=$1; shift; $MYSQL -P"$port" -N -B "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

echo "== preparing sysbench: $TABLES tables x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC" --mysql-user=root \
  --mysql-db=sbtest --tables="$TABLES" --table-size="$ROWS" --threads=4 prepare >/dev/null
TBLS=$(seq -f "sbtest.sbtest%g" 1 "$TABLES" | paste -sd, -)
q "$SRC" -e "ANALYZE TABLE $TBLS" >/dev/null
TOTAL_ROWS=$((TABLES * ROWS))
SNAP="$ROOT/bin/snapshift"
URLS=(--source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" --databases sbtest --threads "$THREADS"
      --chunk-rows "${BENCH_CHUNK_ROWS:-25000}")
q "$SRC" -e "CHECKSUM TABLE $TBLS" > "$WORK/src.sum"
same() { q "$DST" -e "CHECKSUM TABLE $TBLS" > "$WORK/dst.sum"; diff -q "$WORK/src.sum" "$WORK/dst.sum" >/dev/null && echo equal || echo DIFFER; }

# share of the estimated rows committed, in percent, from a run's state.json
progress() {
  python3 - "$1" <<'EOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception:
    print(0); sys.exit()
t = [t for d in s.get("databases", []) for t in d.get("tables", [])]
est = sum(x.get("estimatedRows", 0) for x in t)
rows = sum(x.get("rows", 0) for x in t)
print(int(100 * rows / est) if est else 0)
EOF
}

echo "== migrate from zero (what a restart costs)"
q "$DST" -e "DROP DATABASE IF EXISTS sbtest"; sync
start=$(now)
"$SNAP" migrate "${URLS[@]}" --quiet --state-dir "$WORK/state0" > "$WORK/m0.out" 2>&1 || { cat "$WORK/m0.out"; exit 1; }
FULL=$(secs "$start" "$(now)")
echo "   $FULL s, target $(same)"

OUT=("| killed at | rows committed when killed | rows kept | rows copied again | resume (s) | restart from zero (s) | rows saved | time saved | target |"
     "|---|---|---|---|---|---|---|---|---|")
for pct in 25 50 75; do
  echo "== killed at $pct%"
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest"; sync
  STATE="$WORK/state$pct"
  "$SNAP" migrate "${URLS[@]}" --quiet --state-dir "$STATE" > "$WORK/m$pct.out" 2>&1 &
  pid=$!
  while :; do
    f=$(ls "$STATE"/*/state.json 2>/dev/null | head -1 || true)
    if [ -n "$f" ] && [ "$(progress "$f")" -ge "$pct" ]; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "the run ended before $pct%"; cat "$WORK/m$pct.out"; exit 1; }
    sleep 0.05
  done
  # bin/snapshift runs java as a child: SIGKILL the JVM itself
  jpid=$(pgrep -P "$pid" java || echo "$pid")
  kill -KILL "$jpid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  RUN=$(basename "$(dirname "$f")")
  COMMITTED=$(python3 -c "import json; s=json.load(open('$f')); print(sum(t['rows'] for d in s['databases'] for t in d['tables']))")
  start=$(now)
  "$SNAP" migrate "${URLS[@]}" --quiet --state-dir "$STATE" --resume "$RUN" --report "$WORK/r$pct.json" \
    > "$WORK/r$pct.out" 2>&1 || { cat "$WORK/r$pct.out"; exit 1; }
  T=$(secs "$start" "$(now)")
  read -r KEPT AGAIN < <(python3 -c "
import json; r = json.load(open('$WORK/r$pct.json')); x = r['restarts'][-1].get('resume') or {}
print(x.get('keptRows', 0), x.get('copiedRows', 0))")
  OUT+=("| $pct% | $COMMITTED | $KEPT | $AGAIN | $T | $FULL | $((TOTAL_ROWS - AGAIN)) | $(awk -v a="$FULL" -v b="$T" 'BEGIN {printf "%.2f s (%.0f%%)", a - b, 100 * (a - b) / a}') | $(same) |")
  echo "   ${OUT[-1]}"
done

echo
echo "resume vs restart from zero: $TABLES sysbench tables x $ROWS rows, --threads $THREADS, --chunk-rows ${BENCH_CHUNK_ROWS:-25000}, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${OUT[@]}" | tee "${BENCH_OUT:-/dev/null}"
