#!/usr/bin/env bash
# Benchmark: what verification costs. MySQL 8.0.33 -> 8.0.33 sandbox servers, sysbench tables.
#
#   bench/verify-speed.sh [TABLES] [ROWS]          (default 4 200000)
#
#   SNAPSHIFT_THREADS=N   --threads N for migrate and verify (default 4)
#   BENCH_OUT=FILE        also write the result table there
#
# Timed, one after the other on the same two servers:
#   migrate --no-verify   into an emptied target
#   migrate (verifying)   into an emptied target: every page's digest read on its snapshot session and on the target
#   verify                standalone, source against the target just copied (must exit 0)
#   CHECKSUM TABLE        of every table, on both servers at once (what mysqlsh-style / bench checks use; proves
#                         less: no keys named, no collation-free encoding)
#   pt-table-checksum     on the source alone (--recursion-method=none: no replica to compare with here; it writes
#                         its percona.checksums table on the source), for the cost of one server's checksum pass
# Then one UPDATE on the target, and verify again: it must exit 5 and name the key.
set -euo pipefail
TABLES=${1:-4}
ROWS=${2:-200000}
THREADS=${SNAPSHIFT_THREADS:-4}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_command sysbench sysbench
HAVE_PT=yes
ensure_command pt-table-checksum percona-toolkit || HAVE_PT=

start_server src 1 --native-password
start_server dst 2 --native-password
SRC=$(val src port); DST=$(val dst port); BASEDIR=$(val src basedir)
MYSQL="$BASEDIR/bin/mysql --no-defaults -uroot -h127.0.0.1"
q() { local port=$1; shift; $MYSQL -P"$port" -N -B "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
echo "== preparing sysbench: $TABLES tables x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC" --mysql-user=root \
  --mysql-db=sbtest --tables="$TABLES" --table-size="$ROWS" --threads=4 prepare >/dev/null
TBLS=$(seq -f "sbtest.sbtest%g" 1 "$TABLES" | paste -sd, -)
q "$SRC" -e "ANALYZE TABLE $TBLS" >/dev/null   # sizes for the chunk planner, and for the heading
TOTAL_ROWS=$((TABLES * ROWS))
DATA_MB=$(q "$SRC" -e "SELECT ROUND(SUM(data_length) / 1048576) FROM information_schema.TABLES WHERE table_schema='sbtest'")
SNAP="$ROOT/bin/snapshift"
URLS=(--source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" --databases sbtest --threads "$THREADS")

ROWS_OUT=()
row() { ROWS_OUT+=("| $1 | $2 | $(awk -v r="$TOTAL_ROWS" -v w="$2" 'BEGIN {printf "%.0f", r / w}') | $3 |"); echo "   $1: $2 s ($3)"; }

migrate() { # LABEL [extra args]
  local label=$1 start; shift
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest"; sync
  start=$(now)
  "$SNAP" migrate "${URLS[@]}" --quiet --state-dir "$WORK/state" --report "$WORK/report.json" "$@" > "$WORK/migrate.out" 2>&1
  row "$label" "$(secs "$start" "$(now)")" "verdict $(python3 -c "import json; r = json.load(open('$WORK/report.json')); print(r.get('verification', '?'))")"
}
echo "== migrate --no-verify"
migrate "migrate --no-verify" --no-verify
echo "== migrate (verifying every page)"
migrate "migrate (verify on)"

echo "== verify"
start=$(now)
"$SNAP" verify "${URLS[@]}" --quiet --report "$WORK/verify.json" > "$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out"; exit 1; }
row "verify (standalone)" "$(secs "$start" "$(now)")" "$(grep -m1 '^Verify' "$WORK/verify.out")"

echo "== CHECKSUM TABLE on both servers at once"
start=$(now)
q "$SRC" -e "CHECKSUM TABLE $TBLS" > "$WORK/src.sum" & p1=$!
q "$DST" -e "CHECKSUM TABLE $TBLS" > "$WORK/dst.sum" & p2=$!
wait $p1 $p2
wall=$(secs "$start" "$(now)")
if diff -q "$WORK/src.sum" "$WORK/dst.sum" >/dev/null; then same="equal"; else same="DIFFER"; fi
row "CHECKSUM TABLE, both servers in parallel" "$wall" "$same"

if [ -n "$HAVE_PT" ]; then
  echo "== pt-table-checksum on the source (no replicas)"
  start=$(now)
  pt-table-checksum h=127.0.0.1,P="$SRC",u=root --databases sbtest --recursion-method=none \
    --no-check-binlog-format --no-check-replication-filters > "$WORK/pt.out" 2>&1 || true
  row "pt-table-checksum, source only" "$(secs "$start" "$(now)")" "$(grep -c 'sbtest\.sbtest' "$WORK/pt.out") tables checksummed"
else
  ROWS_OUT+=("| pt-table-checksum | - | - | SKIPPED: not installed |")
fi

echo "== one UPDATE on the target, verify again"
q "$DST" -e "UPDATE sbtest.sbtest1 SET c = CONCAT(c, 'x') WHERE id = 4242"
set +e
"$SNAP" verify "${URLS[@]}" --quiet > "$WORK/verify2.out" 2>&1; code=$?
set -e
grep -q "id=4242 (differs)" "$WORK/verify2.out" && [ "$code" = 5 ] \
  || { echo "!!!!!! verify did not name id=4242 with exit 5 (exit $code):"; cat "$WORK/verify2.out"; exit 1; }
echo "   verify exit $code: $(grep 'DIFFERENT sbtest' "$WORK/verify2.out")"

{
  echo
  echo "### verification cost: $TABLES tables x $ROWS rows ($TOTAL_ROWS rows, InnoDB data_length $DATA_MB MB), MySQL 8.0.33 -> 8.0.33, --threads $THREADS, $(nproc) cores, load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
  echo
  echo "| run | wall s | rows/s | note |"
  echo "|---|---:|---:|---|"
  printf '%s\n' "${ROWS_OUT[@]}"
  echo
  echo "After one UPDATE on the target, verify exited $code naming id=4242."
} > "$WORK/table.md"
cat "$WORK/table.md"
[ -z "${BENCH_OUT:-}" ] || cp "$WORK/table.md" "$BENCH_OUT"
