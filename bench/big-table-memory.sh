#!/usr/bin/env bash
# Benchmark: memory stays bounded whatever the table size. One sysbench table of ROWS rows (default 12,000,000: about
# 2.7 GB of InnoDB data) is migrated MySQL 8.0.33 -> 8.0.33 by `bin/snapshift migrate` in a JVM limited to HEAP
# (default 256m); the target is then checked against the source (CHECKSUM TABLE).
#
#   bench/big-table-memory.sh [ROWS] [HEAP]
#
# Prints the data size, wall time, throughput and the java process's peak RSS (/usr/bin/time -v). Servers are started
# with `bin/snapshift sandbox` and stopped by pid at exit, also on failure.
set -euo pipefail
ROWS=${1:-12000000}
HEAP=${2:-256m}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_command /usr/bin/time time
sysbench_servers 1 "$ROWS"

echo "== preparing sysbench: 1 table x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write "${SB[@]}" prepare >/dev/null
q "$SRC" -e "ANALYZE TABLE sbtest.sbtest1" >/dev/null
DATA_MB=$(q "$SRC" -e "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.TABLES WHERE table_schema = 'sbtest'")
EXPECTED=$(q "$SRC" -e "CHECKSUM TABLE sbtest.sbtest1" | cut -f2)

echo "== snapshift migrate with -Xmx$HEAP"
"$ROOT/bin/snapshift" --version >/dev/null
start=$(date +%s.%N)
SNAPSHIFT_JAVA_OPTS="-Xmx$HEAP" SNAPSHIFT_LOG_LEVEL=INFO /usr/bin/time -v -o "$WORK/snapshift.time" "$ROOT/bin/snapshift" migrate \
  --source "mysql://root@127.0.0.1:$SRC" --target "mysql://root@127.0.0.1:$DST" --databases sbtest --quiet \
  --state-dir "$WORK/state" > "$WORK/snapshift.out" 2> "$WORK/snapshift.err" || { tail -50 "$WORK/snapshift.err"; exit 1; }
WALL=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
RSS_MB=$(( $(peak_rss_kb "$WORK/snapshift.time") / 1024 ))
[ "$(q "$DST" -e "CHECKSUM TABLE sbtest.sbtest1" | cut -f2)" = "$EXPECTED" ] \
  || { echo "!!!!!! THE TARGET DIFFERS FROM THE SOURCE"; exit 1; }
echo
echo "| rows | InnoDB data+index MB | heap | wall s | MB/s | peak RSS MB |"
echo "|---:|---:|---|---:|---:|---:|"
echo "| $ROWS | $DATA_MB | -Xmx$HEAP | $WALL | $(awk -v m="$DATA_MB" -v w="$WALL" 'BEGIN {printf "%.1f", m / w}') | $RSS_MB |"
echo
echo "TARGET VERIFIED EQUAL TO THE SOURCE (CHECKSUM TABLE)"
