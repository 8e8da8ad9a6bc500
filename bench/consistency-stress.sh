#!/usr/bin/env bash
# The consistency test (write load with cross-table invariants + replication proof from the reported coordinates)
# run many times under contention: CPU and I/O hogs (stress-ng) and a second MySQL server under a sysbench write load,
# as on a busy shared machine. Every failing run keeps its log (chunk ranges, rows, session and snapshot of each
# chunk) in the results folder.
#   bench/consistency-stress.sh [ROUNDS] [RESULTS_DIR]     (ROUNDS: each of the 10 server pairs/modes this many times)
#   CONTENTION=0 bench/consistency-stress.sh 3              (quiet machine)
#   ONLY=3,9 bench/consistency-stress.sh 20                 (only cases 3 and 9 of the test, 20 times each)
set -euo pipefail
ROUNDS=${1:-10}
RESULTS=${2:-/tmp/snapshift-consistency-stress}
CONTENTION=${CONTENTION:-1}
. "$(dirname "$0")/lib.sh"
mkdir -p "$RESULTS"

if [ "$CONTENTION" = "1" ]; then
  ensure_command stress-ng stress-ng
  ensure_command sysbench sysbench
  stress-ng --cpu 2 --io 2 --hdd 2 --hdd-bytes 256M --timeout 0 >"$WORK/stress.log" 2>&1 &
  PIDS+=($!)
  start_server noise 901 --native-password
  port=$(val noise port)
  mysql_noise=(--mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-password= --mysql-db=mysql)
  sysbench oltp_write_only "${mysql_noise[@]}" --tables=4 --table-size=20000 prepare >/dev/null
  sysbench oltp_write_only "${mysql_noise[@]}" --tables=4 --table-size=20000 --threads=4 --time=0 run \
    >"$WORK/sysbench.log" 2>&1 &
  PIDS+=($!)
fi

cd "$ROOT"
rm -f snapshift-core/target/failsafe-reports/*ConsistencyIT*
log="$WORK/run.log"
start=$(date +%s)
status=0
mvn -B -ntp -pl snapshift-sandbox,snapshift-core verify -Dit.test=ConsistencyIT -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dsnapshift.consistency.repeat="$ROUNDS" -Dsnapshift.consistency.only="${ONLY:-}" >"$log" 2>&1 || status=$?
end=$(date +%s)
stamp=$(date +%Y%m%d-%H%M%S)
if [ ! -f snapshift-core/target/failsafe-reports/dev.snapshift.it.ConsistencyIT.txt ]; then
  tail -40 "$log"; echo "the test did not run" >&2; exit 1
fi
cp snapshift-core/target/failsafe-reports/dev.snapshift.it.ConsistencyIT-output.txt "$RESULTS/$stamp-output.txt"
cp snapshift-core/target/failsafe-reports/dev.snapshift.it.ConsistencyIT.txt "$RESULTS/$stamp-summary.txt"
runs=$(grep -o 'Tests run: [0-9]*' "$RESULTS/$stamp-summary.txt" | head -1 | grep -o '[0-9]*')
failed=$(grep -oE '(Failures|Errors): [0-9]+' "$RESULTS/$stamp-summary.txt" | head -2 | grep -oE '[0-9]+' | paste -sd+ | bc)
echo "consistency stress: $runs runs, $failed failed, $((end - start)) s, contention=$CONTENTION, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "logs: $RESULTS/$stamp-output.txt, $RESULTS/$stamp-summary.txt"
exit "$status"
