#!/usr/bin/env bash
# Measures a defect of the source server, not of snapshift: inside one consistent snapshot (START TRANSACTION WITH
# CONSISTENT SNAPSHOT, REPEATABLE READ), reads of the same key range at the end of a table that three other
# connections keep appending to must all return the same rows. bench/SnapshotReadDefect.java reads that range four
# ways, twice each, in SNAPSHOTS snapshots, and counts the reads whose row count differs from most reads of their
# snapshot. MySQL 5.7.22's InnoDB returns only the range's first row now and then, whatever the statement; MySQL 8.0.33
# never did here. snapshift's verification is what turns such a read into a refused run instead of a silent loss
# (README, Sources).
#
#   bench/snapshot-read-defect.sh [FLAVOR] [SNAPSHOTS]     (default MYSQL_5_7_22 60; e.g. MYSQL_8_0_33 to compare)
set -euo pipefail
FLAVOR=${1:-MYSQL_5_7_22}
SNAPSHOTS=${2:-60}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$ROOT/bin/snapshift" sandbox --flavor "$FLAVOR" --server-id 1 > "$WORK/s.info" 2> "$WORK/s.err" &
PIDS+=($!)
for _ in $(seq 1 600); do grep -q '^ready' "$WORK/s.info" 2>/dev/null && break; sleep 0.2; done
grep -q '^ready' "$WORK/s.info" || { cat "$WORK/s.err"; exit 1; }
PORT=$(sed -n 's/^port=//p' "$WORK/s.info")
# the driver comes from snapshift's own jar (built by lib.sh): the program uses nothing else of it
echo "$FLAVOR: $SNAPSHOTS consistent snapshots, each reading the last 250 rows of a table appended to by 3 connections"
java -cp "$ROOT/snapshift-app/target/snapshift.jar" "$ROOT/bench/SnapshotReadDefect.java" "$PORT" "$SNAPSHOTS"
