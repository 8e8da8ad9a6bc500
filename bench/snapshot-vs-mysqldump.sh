#!/usr/bin/env bash
# Benchmark: snapshift migrate against MySQL's own `mysqldump --single-transaction | mysql`, MySQL 8.0.33 to 8.0.33,
# sysbench tables, same machine, same run. Every run is checked: the target must equal the source (CHECKSUM TABLE).
#
#   bench/snapshot-vs-mysqldump.sh [TABLES] [ROWS] [THREADS]     (default 8 200000 4)
#
# Prints wall time, lock-held time and peak RSS of each tool. Servers are started with `bin/snapshift sandbox` and
# stopped by the pid of that process at the end, also on failure.
set -euo pipefail
TABLES=${1:-8}
ROWS=${2:-200000}
THREADS=${3:-4}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v sysbench >/dev/null || { echo "needs sysbench (apt-get install sysbench)"; exit 1; }

start_server src 1 --native-password
start_server dst 2 --native-password
SRC_PORT=$(val src port); DST_PORT=$(val dst port); BASEDIR=$(val src basedir)
MYSQL="$BASEDIR/bin/mysql --no-defaults -uroot -h127.0.0.1"
MYSQLDUMP="$BASEDIR/bin/mysqldump --no-defaults -uroot -h127.0.0.1"

echo "== preparing sysbench: $TABLES tables x $ROWS rows"
$MYSQL -P"$SRC_PORT" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC_PORT" --mysql-user=root \
  --mysql-db=sbtest --tables="$TABLES" --table-size="$ROWS" --threads=4 prepare >/dev/null

checksum() { # port
  local list; list=$(seq -s, -f "sbtest.sbtest%g" 1 "$TABLES")
  $MYSQL -P"$1" -N -e "CHECKSUM TABLE $list" | awk '{print $2}' | md5sum | cut -d' ' -f1
}
EXPECTED=$(checksum "$SRC_PORT")
reset_target() { $MYSQL -P"$DST_PORT" -e "DROP DATABASE IF EXISTS sbtest"; }
peak_rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

echo "== snapshift migrate --threads $THREADS"
reset_target
start=$(date +%s.%N)
/usr/bin/time -v "$ROOT/bin/snapshift" migrate --quiet --source "mysql://root@127.0.0.1:$SRC_PORT" \
  --target "mysql://root@127.0.0.1:$DST_PORT" --databases sbtest --threads "$THREADS" --report "$WORK/report.json" \
  > "$WORK/snapshift.out" 2> "$WORK/snapshift.time"
SNAP_WALL=$(echo "$(date +%s.%N) - $start" | bc)
SNAP_HELD=$(python3 -c "import json;print(json.load(open('$WORK/report.json'))['lock']['heldMillis'])")
SNAP_RSS=$(peak_rss "$WORK/snapshift.time")
[ "$(checksum "$DST_PORT")" = "$EXPECTED" ] || { echo "snapshift: target differs from source"; exit 1; }

echo "== mysqldump --single-transaction | mysql"
reset_target
start=$(date +%s.%N)
( /usr/bin/time -v $MYSQLDUMP -P"$SRC_PORT" --single-transaction --master-data=2 --set-gtid-purged=OFF --databases sbtest \
    2> "$WORK/dump.time" | $MYSQL -P"$DST_PORT" )
DUMP_WALL=$(echo "$(date +%s.%N) - $start" | bc)
DUMP_RSS=$(peak_rss "$WORK/dump.time")
[ "$(checksum "$DST_PORT")" = "$EXPECTED" ] || { echo "mysqldump: target differs from source"; exit 1; }

printf '\n%-44s %10s %14s %12s\n' "tool ($TABLES x $ROWS rows, MySQL 8.0.33)" "wall s" "lock held ms" "peak RSS MB"
printf '%-44s %10.2f %14s %12d\n' "snapshift migrate --threads $THREADS" "$SNAP_WALL" "$SNAP_HELD" "$((SNAP_RSS / 1024))"
printf '%-44s %10.2f %14s %12d\n' "mysqldump --single-transaction | mysql" "$DUMP_WALL" "(FTWRL, n/a)" "$((DUMP_RSS / 1024))"
echo "both targets verified equal to the source (CHECKSUM TABLE)"
