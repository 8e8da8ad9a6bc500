#!/usr/bin/env bash
# Benchmark: what the layout of an integer primary key costs snapshift's copy (issue #10 item 4). The same table,
# sysbench-like rows (k INT, c CHAR(120), pad CHAR(60)), ROWS rows, once per key layout, each in a database of its
# own, copied from a MySQL 8.0.33 source to a MySQL 8.0.33 target:
#   dense      ids 1..ROWS
#   sentinels  ids 0, 1..ROWS-2 and 9000000000000000000 (two sentinel rows around dense ids: the reported case)
#   snowflake  (timestamp << 22) | sequence: 200 ids a millisecond, 10 milliseconds in a row, then 100 s of nothing
#   random     uniformly random 64-bit BIGINT UNSIGNED ids (hash-like; INSERT IGNORE, so a few less than ROWS)
# and, with PLAN_ROWS set (default 1000000), a dense table of PLAN_ROWS rows for the planning time of a large table.
#
#   bench/skewed-keys.sh [ROWS]            (default 200000)
#
#   BASELINE=DIR          also run the snapshift of another checkout (DIR/bin/snapshift, e.g. the commit before the
#                         change, exported with `git archive`) on every layout, to compare before and after
#   SNAPSHIFT_THREADS=N   --threads N (default: none given, snapshift adapts its parallelism)
#   CHUNK_ROWS=N          --chunk-rows N (default: none given; 32 MB chunks of these rows are about 170,000 rows, so a
#                         table of ROWS=200000 is 2 chunks: set e.g. 5000 to see how the chunks follow the data)
#   PLAN_ROWS=N           rows of the large dense table (0: skip it)
#   BENCH_OUT=FILE        also write the result table there
#
# Each run goes into an emptied target and is verified afterwards (CHECKSUM TABLE, source against target; a
# difference fails the script). Measured per run: wall time of `snapshift migrate` (snapshot, schema, planning, copy,
# indexes), the chunks planned and their rows as snapshift logs them, and the planning time where the build logs it.
# Servers are started with `bin/snapshift sandbox` and stopped by pid at exit (bench/lib.sh).
set -euo pipefail
ROWS=${1:-200000}
PLAN_ROWS=${PLAN_ROWS-1000000}
SNAP_THREADS=${SNAPSHIFT_THREADS-}
CHUNK_ROWS=${CHUNK_ROWS-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [ -n "${BASELINE:-}" ]; then
  [ -x "$BASELINE/bin/snapshift" ] || { echo "BASELINE=$BASELINE has no bin/snapshift"; exit 1; }
  "$BASELINE/bin/snapshift" --version >/dev/null   # builds it now, not inside a timing
fi

start_server src 1
start_server dst 2
SRC=$(val src port); DST=$(val dst port); BASEDIR=$(val src basedir)
MYSQL="$BASEDIR/bin/mysql --no-defaults -uroot -h127.0.0.1"
q() { local port=$1; shift; $MYSQL -P"$port" -N -B "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
# make LAYOUT N KEY_EXPRESSION: database skew_LAYOUT, table t of N rows, key computed from n = 0..N-1
make() {
  local layout=$1 n=$2 key=$3
  q "$SRC" -e "CREATE DATABASE skew_$layout; CREATE TABLE skew_$layout.t (id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    k INT NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '', KEY k_1 (k));
    SET SESSION cte_max_recursion_depth = $n;
    INSERT IGNORE INTO skew_$layout.t WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < $n - 1)
    SELECT $key, n % 100000, CONCAT(MD5(n), MD5(n + 1), MD5(n + 2), LEFT(MD5(n + 3), 24)),
      CONCAT(MD5(n * 7), LEFT(MD5(n * 11), 28)) FROM s;
    ANALYZE TABLE skew_$layout.t" > /dev/null
}
echo "== preparing $ROWS rows per layout"
make dense "$ROWS" "n + 1"
make sentinels "$ROWS" "IF(n = 0, 0, IF(n = $ROWS - 1, 9000000000000000000, n))"
make snowflake "$ROWS" "((1700000000000 + n DIV 200 + (n DIV 2000) * 100000) << 22) | (n % 200)"
make random "$ROWS" "(CAST(FLOOR(RAND(7) * 4294967296) AS UNSIGNED) << 32) | CAST(FLOOR(RAND(11) * 4294967296) AS UNSIGNED)"
LAYOUTS="dense sentinels snowflake random"
if [ "$PLAN_ROWS" -gt 0 ]; then
  echo "== preparing $PLAN_ROWS dense rows"
  make large "$PLAN_ROWS" "n + 1"
  LAYOUTS="$LAYOUTS large"
fi

threads_args=(); threads_label="threads auto"
if [ -n "$SNAP_THREADS" ]; then threads_args=(--threads "$SNAP_THREADS"); threads_label="--threads $SNAP_THREADS"; fi
if [ -n "$CHUNK_ROWS" ]; then threads_args+=(--chunk-rows "$CHUNK_ROWS"); threads_label="$threads_label, --chunk-rows $CHUNK_ROWS"; fi
ROWS_OUT=()
# run BUILD_NAME ROOT LAYOUT: one migration of skew_LAYOUT into an emptied target, verified
run() {
  local name=$1 root=$2 layout=$3 db=skew_$3 start wall chunks planned rows
  q "$DST" -e "DROP DATABASE IF EXISTS $db"
  sync
  start=$(now)
  SNAPSHIFT_LOG_LEVEL=INFO "$root/bin/snapshift" migrate --source "mysql://root@127.0.0.1:$SRC" \
    --target "mysql://root@127.0.0.1:$DST" --databases "$db" --quiet --report "$WORK/report.json" \
    --state-dir "$WORK/state" "${threads_args[@]}" > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err"; exit 1; }
  wall=$(secs "$start" "$(now)")
  if [ "$(q "$SRC" -e "CHECKSUM TABLE $db.t")" != "$(q "$DST" -e "CHECKSUM TABLE $db.t")" ]; then
    echo "!!!!!! $name, $layout: THE TARGET DIFFERS FROM THE SOURCE (CHECKSUM TABLE)"; exit 1
  fi
  rows=$(q "$SRC" -e "SELECT COUNT(*) FROM $db.t")
  chunks=$(sed -n 's/.*\.t: \([0-9]*\) chunk(s) of up to \([0-9]*\) rows.*/\1 of up to \2 rows/p' "$WORK/err" | head -1)
  planned=$(sed -n 's/.*planned in \([0-9]*\) ms (\([0-9]*\) probe statement(s), \([0-9]*\) keys read).*/\1 ms, \2 statements, \3 keys read/p' "$WORK/err" | head -1)
  echo "   $name, $layout: $wall s, $rows rows, chunks: $chunks${planned:+; planning $planned}"
  ROWS_OUT+=("| $layout | $rows | $name | $wall | $chunks | ${planned:--} |")
  [ -z "${BENCH_OUT:-}" ] || cp "$WORK/err" "$BENCH_OUT.$name.$layout.log"
}

for layout in $LAYOUTS; do
  echo "== $layout"
  if [ -n "${BASELINE:-}" ]; then run before "$BASELINE" "$layout"; fi
  run after "$ROOT" "$layout"
done

{
  echo
  echo "### integer key layouts: MySQL 8.0.33 -> 8.0.33, snapshift $threads_label, $(nproc) cores, load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
  echo
  echo "| layout | rows | build | wall s | chunks | planning |"
  echo "|---|---:|---|---:|---|---|"
  printf '%s\n' "${ROWS_OUT[@]}"
  echo
  echo "Every run verified afterwards: CHECKSUM TABLE, target against source."
} > "$WORK/table.md"
cat "$WORK/table.md"
[ -z "${BENCH_OUT:-}" ] || cp "$WORK/table.md" "$BENCH_OUT"
