#!/usr/bin/env bash
# Measures the fixed cost before the copy starts: wall time from launching snapshift (JVM start included) to the first
# table going "In progress" (a worker took its first chunk: it then opens its target session and reads), and to the
# first rows written (the first table "Completed": each table here is one chunk of 2 rows, so that is the first chunk
# committed on the target), with THREADS workers, so ceil(1.5 x THREADS) snapshot sessions, every connection over TLS
# (ssl-mode=REQUIRED on source and target), MySQL 8.0.33 -> 8.0.33, one small database of 16 tables. RUNS runs; prints
# each run and the medians.
#
#   bench/first-row.sh [THREADS] [RUNS]        (default 8 -> 12 sessions, 5 runs)
#
#   SNAPSHIFT_CMD="java -jar OTHER.jar"   measure another build (e.g. an older commit's jar) against the same servers
#   COMPARE_CMD="OTHER/bin/snapshift"    compare two builds in turns: each run launches this one, then SNAPSHIFT_CMD (or
#                  this checkout's); prints both medians and the mean of the paired differences. This machine drifts by
#                  a fifth within an hour, so only runs taken in turns compare builds
#   LATENCY_MS=5   snapshift reaches both servers through bench/latency-proxy.py, which delays each direction by 5 ms
#                  (a 10 ms round trip, as to a server in another data centre): what the round trips of the start cost
set -euo pipefail
THREADS=${1:-8}
RUNS=${2:-5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CMD=${SNAPSHIFT_CMD:-"$ROOT/bin/snapshift"}
start_server src 1
start_server dst 2
SRC=$(val src port); DST=$(val dst port); MYSQL="$(val src basedir)/bin/mysql --no-defaults -uroot -h127.0.0.1"
SESSIONS=$(( (THREADS * 3 + 1) / 2 ))
VIA_SRC=$SRC; VIA_DST=$DST
if [ "${LATENCY_MS:-0}" != "0" ]; then
  latency_proxy "$SRC" "$LATENCY_MS"; VIA_SRC=$PROXY
  latency_proxy "$DST" "$LATENCY_MS"; VIA_DST=$PROXY
fi
$MYSQL -P"$SRC" -e "CREATE DATABASE fr"
for t in $(seq 1 16); do
  $MYSQL -P"$SRC" -e "CREATE TABLE fr.t$t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO fr.t$t VALUES (1,'x'),(2,'y')"
done
echo "first row: wall ms from launch to the first table in progress, and to the first rows committed ($THREADS" \
  "workers, $SESSIONS sessions, TLS, one-way latency ${LATENCY_MS:-0} ms)"
# one_run CMD: prints "IN_PROGRESS_MS COMMITTED_MS" of one migration launched with CMD
one_run() {
  $MYSQL -P"$DST" -e "DROP DATABASE IF EXISTS fr"
  python3 - "$1" "$VIA_SRC" "$VIA_DST" "$THREADS" "$WORK/state" <<'PY'
import shlex, subprocess, sys, time
cmd, src, dst, threads, state = sys.argv[1:]
args = shlex.split(cmd) + ["migrate", "--source", f"mysql://root@127.0.0.1:{src}?ssl-mode=REQUIRED",
        "--target", f"mysql://root@127.0.0.1:{dst}?ssl-mode=REQUIRED", "--databases", "fr",
        "--threads", threads, "--state-dir", state]
start = time.monotonic()
p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
first = None
committed = None
out = []
for line in p.stdout:
    out.append(line)
    if first is None and ": In progress" in line:
        first = time.monotonic()
    if committed is None and ": Completed" in line:
        committed = time.monotonic()
rc = p.wait()
if rc != 0 or first is None or committed is None:
    sys.stderr.write("".join(out))
    sys.exit(1)
print(int((first - start) * 1000), int((committed - start) * 1000))
PY
}
median() { sort -n | awk -v what="$1" '{a[NR]=$1} END {print "median, " what ": " a[int((NR+1)/2)] " ms (min " a[1] ", max " a[NR] ")"}'; }
times=()
written=()
other_times=()
other_written=()
for i in $(seq 1 "$RUNS"); do
  if [ -n "${COMPARE_CMD:-}" ]; then
    r=$(one_run "$COMPARE_CMD")
    read -r ms rows <<<"$r"
    echo "run $i, COMPARE_CMD: in progress $ms ms, first rows committed $rows ms"
    other_times+=("$ms")
    other_written+=("$rows")
  fi
  r=$(one_run "$CMD")
  read -r ms rows <<<"$r"
  echo "run $i: in progress $ms ms, first rows committed $rows ms"
  times+=("$ms")
  written+=("$rows")
done
if [ -n "${COMPARE_CMD:-}" ]; then
  printf '%s\n' "${other_times[@]}" | median "COMPARE_CMD, first table in progress"
  printf '%s\n' "${other_written[@]}" | median "COMPARE_CMD, first rows committed"
fi
printf '%s\n' "${times[@]}" | median "first table in progress"
printf '%s\n' "${written[@]}" | median "first rows committed"
if [ -n "${COMPARE_CMD:-}" ]; then
  paste <(printf '%s\n' "${times[@]}") <(printf '%s\n' "${other_times[@]}") \
    <(printf '%s\n' "${written[@]}") <(printf '%s\n' "${other_written[@]}") |
    awk '{d1 += $1 - $2; d2 += $3 - $4} END {printf "mean of the paired differences (this minus COMPARE_CMD): in progress %+d ms, first rows committed %+d ms (%d pairs)\n", d1 / NR, d2 / NR, NR}'
fi
