#!/usr/bin/env bash
# Measures how long writers are blocked while the point in time is taken, on an idle MySQL 8.0.33 source:
# RUNS migrations with THREADS workers (ceil(1.5 x THREADS) snapshot sessions) of 16 small tables, per consistency mode.
#
#   bench/lock-held.sh [THREADS] [RUNS]      (default 11 -> 17 sessions, 5 runs)
#   LATENCY_MS=5   snapshift reaches both servers through bench/latency-proxy.py (a 10 ms round trip): the lock is held
#                  for the round trips made under it
set -euo pipefail
THREADS=${1:-11}
RUNS=${2:-5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_server src 1
start_server dst 2
SRC=$(val src port); DST=$(val dst port); MYSQL="$(val src basedir)/bin/mysql --no-defaults -uroot -h127.0.0.1"
SESSIONS=$(( (THREADS * 3 + 1) / 2 ))
VIA_SRC=$SRC; VIA_DST=$DST
if [ "${LATENCY_MS:-0}" != "0" ]; then
  latency_proxy "$SRC" "$LATENCY_MS"; VIA_SRC=$PROXY
  latency_proxy "$DST" "$LATENCY_MS"; VIA_DST=$PROXY
fi
printf '%-12s %s\n' "mode" "lock held ms over $RUNS runs ($THREADS workers, $SESSIONS sessions, idle source, one-way latency ${LATENCY_MS:-0} ms)"
for mode in snapshot lock-tables read-only; do
  held=()
  for i in $(seq 1 "$RUNS"); do
    db="lk_${mode//-/_}_$i"
    $MYSQL -P"$SRC" -e "CREATE DATABASE $db"
    for t in $(seq 1 16); do $MYSQL -P"$SRC" -e "CREATE TABLE $db.t$t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO $db.t$t VALUES (1,'x')"; done
    "$ROOT/bin/snapshift" migrate --quiet --source "mysql://root@127.0.0.1:$VIA_SRC" --target "mysql://root@127.0.0.1:$VIA_DST" \
      --databases "$db" --threads "$THREADS" --consistency "$mode" --state-dir "$WORK/state" --report "$WORK/r.json" >/dev/null
    held+=("$(python3 -c "import json;print(json.load(open('$WORK/r.json'))['lock']['heldMillis'])")")
  done
  printf '%-12s %s\n' "$mode" "${held[*]}"
done
