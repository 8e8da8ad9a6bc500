#!/usr/bin/env bash
# Benchmark: the online catch-up under a fixed write rate. sysbench oltp_write_only runs against the source at RATE
# transactions/s (4 row changes each) for SECONDS; `bin/snapshift migrate --online` copies TABLES x ROWS sysbench rows
# (MySQL 8.0.33 -> 8.0.33) and then applies the binary log. Prints the catch-up lines the terminal shows every 5 s
# (seconds and bytes behind, events/s), the rate sysbench reached, the worst lag after the backlog of the copy was
# applied, and the cutover (final coordinates, verdict, how long writes were stopped).
#
#   bench/online-lag.sh [RATE] [SECONDS] [TABLES] [ROWS]       (defaults: 1000 60 4 50000)
#
# Servers are started with `bin/snapshift sandbox` and stopped by pid at exit, also on failure.
set -euo pipefail
RATE=${1:-1000}
SECONDS_LOAD=${2:-60}
TABLES=${3:-4}
ROWS=${4:-50000}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sysbench_servers "$TABLES" "$ROWS"

echo "== preparing sysbench: $TABLES tables x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_write_only "${SB[@]}" prepare >/dev/null

echo "== write load: $RATE transactions/s for $SECONDS_LOAD s; migrate --online"
sysbench oltp_write_only "${SB[@]}" --threads=8 --rate="$RATE" --time="$SECONDS_LOAD" --report-interval=10 run \
  > "$WORK/sysbench.out" 2>&1 &
LOAD=$!
PIDS+=($LOAD)
sleep 2
"$ROOT/bin/snapshift" migrate --online --source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" \
  --databases sbtest --threads 2 --state-dir "$WORK/state" --report "$WORK/report.json" \
  > "$WORK/migrate.out" 2> "$WORK/migrate.err" &
MIGRATE=$!
PIDS+=($MIGRATE)
RUN=""
for _ in $(seq 1 600); do
  RUN=$(sed -n 's/.*then: bin\/snapshift cutover \([0-9a-f-]*\).*/\1/p' "$WORK/migrate.out" | head -1)
  [ -n "$RUN" ] && break
  kill -0 "$MIGRATE" 2>/dev/null || { cat "$WORK/migrate.out" "$WORK/migrate.err"; exit 1; }
  sleep 0.5
done
[ -n "$RUN" ] || { echo "the catch-up did not start"; cat "$WORK/migrate.out"; exit 1; }
echo "catch-up started (run $RUN)"
wait "$LOAD" || true
echo
grep -E "transactions:|queries:|events/s|latency" "$WORK/sysbench.out" | grep -v "^\[" | sed 's/^/sysbench: /'
grep -E "^\[.*\] catch-up:" "$WORK/migrate.out" || true

echo "== cutover (writes stopped: the load ended)"
start=$(date +%s.%N)
"$ROOT/bin/snapshift" cutover "$RUN" --state-dir "$WORK/state" --verify digest > "$WORK/cutover.out" 2>&1 \
  || { cat "$WORK/cutover.out"; exit 1; }
CUT=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
wait "$MIGRATE" || true
grep -E "^Cutover|tables equal|DIFFERS|^Online catch-up" "$WORK/cutover.out"
echo
# lines after the first 10 s of the catch-up: the backlog of the copy is applied by then
MAXLAG=$(grep -E "^\[.*\] catch-up:" "$WORK/migrate.out" | awk "NR > 2" \
  | sed -n 's/.*catch-up: \([0-9?]*\) s behind.*/\1/p' | sort -n | tail -1)
RATES=$(grep -E "^\[.*\] catch-up:" "$WORK/migrate.out" | sed -n 's/.* | \([0-9]*\) events\/s.*/\1/p' | sort -n | tail -1)
echo "RESULT rate=$RATE/s load=${SECONDS_LOAD}s max_seconds_behind_after_backlog=${MAXLAG:-?} peak_events_per_s=${RATES:-?} cutover_command=${CUT}s"
