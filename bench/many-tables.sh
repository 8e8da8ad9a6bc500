#!/usr/bin/env bash
# Benchmark: a database of many small tables, where the cost per table (DDL, planning, a chunk's round trips, an index
# build) decides, not the bytes. MySQL 8.0.33 -> 8.0.33 sandbox servers, target binlog on. TABLES tables of ROWS rows,
# each with a primary key and one secondary index. Per round, into an emptied target: snapshift migrate (its
# per-phase times from its log) and mydumper -t 4 + myloader -t 4 -e (when installed), each checked afterwards
# (CHECKSUM TABLE of every table on both servers).
#
#   bench/many-tables.sh [TABLES] [ROWS] [RUNS]      (default 300 tables of 20 rows, 3 rounds)
#
#   SNAPSHIFT_CMD="java -jar OTHER.jar"   measure another build (e.g. an older commit's jar) on the same servers
set -euo pipefail
TABLES=${1:-300}
ROWS=${2:-20}
RUNS=${3:-3}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CMD=${SNAPSHIFT_CMD:-"$ROOT/bin/snapshift"}
HAVE_MYDUMPER=yes
{ ensure_command mydumper mydumper && ensure_command myloader mydumper; } || HAVE_MYDUMPER=
start_server src 1 --native-password
start_server dst 2 --native-password
SRC=$(val src port); DST=$(val dst port); MYSQL="$(val src basedir)/bin/mysql --no-defaults -uroot -h127.0.0.1"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

echo "== $TABLES tables of $ROWS rows"
$MYSQL -P"$SRC" -e "CREATE DATABASE many"
for t in $(seq 1 "$TABLES"); do
  echo "CREATE TABLE many.t$t (id INT PRIMARY KEY, a INT, v VARCHAR(40), KEY by_a (a));"
  echo "INSERT INTO many.t$t SELECT n, n % 7, CONCAT('row ', n) FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL"
  echo "  SELECT n + 1 FROM s WHERE n < $ROWS) SELECT n FROM s) x;"
done | $MYSQL -P"$SRC"
TBLS=$(seq -f "many.t%g" 1 "$TABLES" | paste -sd, -)
$MYSQL -P"$SRC" -N -B -e "CHECKSUM TABLE $TBLS" > "$WORK/source.sum"
verify() {
  $MYSQL -P"$DST" -N -B -e "CHECKSUM TABLE $TBLS" > "$WORK/target.sum"
  diff -q "$WORK/source.sum" "$WORK/target.sum" >/dev/null || { echo "!!!!!! $1: THE TARGET DIFFERS FROM THE SOURCE"; exit 1; }
}
reset_target() { $MYSQL -P"$DST" -e "DROP DATABASE IF EXISTS many; RESET MASTER"; sync; }

SNAP=(); DUMP=()
for round in $(seq 1 "$RUNS"); do
  reset_target
  rm -rf "$WORK/state"
  start=$(now)
  SNAPSHIFT_LOG_LEVEL=INFO $CMD migrate --source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" \
    --databases many --quiet --state-dir "$WORK/state" > /dev/null 2> "$WORK/snapshift.err"
  wall=$(secs "$start" "$(now)")
  verify snapshift
  phases=$(sed -n 's/.*phase \([A-Z]*\) done in \([0-9]*\) ms.*/\1 \2/p' "$WORK/snapshift.err" \
    | awk '{printf "%s%s %.2f", (NR > 1 ? ", " : ""), tolower($1), $2 / 1000}')
  echo "round $round: snapshift $wall s ($phases)"
  SNAP+=("$wall")
  if [ -n "$HAVE_MYDUMPER" ]; then
    reset_target
    rm -rf "$WORK/dump"
    start=$(now)
    mydumper -h 127.0.0.1 -P "$SRC" -u root -B many -t 4 -o "$WORK/dump" -v 1
    myloader -h 127.0.0.1 -P "$DST" -u root -d "$WORK/dump" -t 4 -e -v 1
    wall=$(secs "$start" "$(now)")
    verify mydumper
    echo "round $round: mydumper + myloader $wall s"
    DUMP+=("$wall")
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "snapshift: median $(median "${SNAP[@]}") s over $RUNS round(s)"
[ ${#DUMP[@]} -eq 0 ] || echo "mydumper -t 4 + myloader -t 4 -e: median $(median "${DUMP[@]}") s"
echo "every target checked equal to the source (CHECKSUM TABLE of all $TABLES tables)"
