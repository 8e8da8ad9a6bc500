#!/usr/bin/env bash
# Benchmark: what a copy costs a busy source. sysbench oltp_read_write runs against the source at a fixed RATE of
# transactions/s (as production traffic arrives, whatever the server's load) on the very tables snapshift copies
# (TABLES x ROWS, MySQL 8.0.33 -> 8.0.33). Three windows, one after the other under the same load:
#   1. the load alone (BASELINE s);
#   2. bin/snapshift migrate, no limit;
#   3. bin/snapshift migrate --max-rate MAX_RATE (rows/s).
# For each window: the transactions/s sysbench reached, its 95th-percentile latency (median and worst of its 1-s
# reports), the source's InnoDB rows read per second (SHOW GLOBAL STATUS Innodb_rows_read: the load's reads and the
# copy's), and its InnoDB history list length (INNODB_METRICS trx_rseg_history_len, sampled every second: the undo the
# open snapshot keeps purge from removing) at the start of the window and at its highest.
#
#   bench/source-impact.sh [TABLES] [ROWS] [RATE] [MAX_RATE] [BASELINE]     (defaults: 8 100000 50 20000 20)
#
# Servers are started with `bin/snapshift sandbox` and stopped by pid at exit, also on failure.
set -euo pipefail
TABLES=${1:-8}
ROWS=${2:-100000}
RATE=${3:-50}
MAX_RATE=${4:-20000}
BASELINE=${5:-20}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sysbench_servers "$TABLES" "$ROWS"

echo "== preparing sysbench: $TABLES tables x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write "${SB[@]}" --threads=2 prepare >/dev/null
q "$SRC" -e "ANALYZE TABLE $(seq -f 'sbtest.sbtest%g' -s, 1 "$TABLES")" >/dev/null

now() { date +%s.%N; }
rows_read() { q "$SRC" -e "SHOW GLOBAL STATUS LIKE 'Innodb_rows_read'" | cut -f2; }
history() { q "$SRC" -e "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'"; }

echo "== load: sysbench oltp_read_write at $RATE transactions/s, 4 threads"
LOAD_START=$(now)
sysbench oltp_read_write "${SB[@]}" --threads=4 --rate="$RATE" --time=3600 --report-interval=1 run \
  > "$WORK/sysbench.out" 2>&1 &
LOAD=$!
PIDS+=($LOAD)
# the history list, every second, for the whole benchmark: "epoch length"
( while kill -0 "$LOAD" 2>/dev/null; do echo "$(now) $(history)"; sleep 1; done ) > "$WORK/history.out" 2>/dev/null &
PIDS+=($!)
sleep 5   # past sysbench's first seconds

WINDOWS=()
# window NAME START END READS_START READS_END: one line of the summary
window() {
  local name=$1 t0=$2 t1=$3 r0=$4 r1=$5
  python3 - "$name" "$t0" "$t1" "$r0" "$r1" "$LOAD_START" "$WORK/sysbench.out" "$WORK/history.out" <<'PY'
import re, statistics, sys
name, t0, t1, r0, r1, start, sb, hist = sys.argv[1:]
t0, t1, start = float(t0), float(t1), float(start)
tps, p95 = [], []
for line in open(sb):
    m = re.match(r"\[ (\d+)s \].* tps: ([\d.]+) .*lat \(ms,95%\): ([\d.]+)", line)
    if m and t0 <= start + int(m.group(1)) - 1 and start + int(m.group(1)) <= t1:
        tps.append(float(m.group(2))); p95.append(float(m.group(3)))
hl = [(float(a), int(b)) for a, b in (l.split() for l in open(hist) if len(l.split()) == 2)]
inside = [v for t, v in hl if t0 <= t <= t1]
first = min(hl, key=lambda x: abs(x[0] - t0))[1] if hl else 0
secs = t1 - t0
print(f"| {name} | {secs:.1f} | {statistics.mean(tps) if tps else 0:.1f} | "
      f"{statistics.median(p95) if p95 else 0:.1f} / {max(p95) if p95 else 0:.1f} | "
      f"{(int(r1) - int(r0)) / secs:,.0f} | {first:,} -> {max(inside) if inside else first:,} |")
PY
}

echo "== window 1: the load alone, $BASELINE s"
t0=$(now); r0=$(rows_read); sleep "$BASELINE"; t1=$(now); r1=$(rows_read)
WINDOWS+=("$(window "load alone" "$t0" "$t1" "$r0" "$r1")")

migrate() { # LABEL [options]: one migration under the load, into an emptied target
  local label=$1; shift
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest"
  rm -rf "$WORK/state"
  echo "== $label"
  local t0 r0 t1 r1
  t0=$(now); r0=$(rows_read)
  "$ROOT/bin/snapshift" migrate --source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" \
    --databases sbtest --state-dir "$WORK/state" "$@" > "$WORK/migrate.out" 2> "$WORK/migrate.err" \
    || { cat "$WORK/migrate.out" "$WORK/migrate.err"; exit 1; }
  t1=$(now); r1=$(rows_read)
  grep -E "^Migration|^Verification" "$WORK/migrate.out"
  WINDOWS+=("$(window "$label" "$t0" "$t1" "$r0" "$r1")")
  sleep 10   # purge catches up before the next window
}
migrate "snapshift, no limit"
migrate "snapshift --max-rate $MAX_RATE" --max-rate "$MAX_RATE"

kill -TERM "$LOAD" 2>/dev/null || true
wait "$LOAD" 2>/dev/null || true
echo
echo "source impact: sysbench oltp_read_write at $RATE tps (4 threads) on the tables copied, $TABLES x $ROWS rows;"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| window | seconds | sysbench tps | p95 latency ms (median / worst 1-s report) | source rows read/s | history list (start -> highest) |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${WINDOWS[@]}"
