#!/usr/bin/env bash
# Records the classes a real migration loads (JVM start, preflight, TLS sessions, snapshot, schema, copy, verification,
# report), in order, into snapshift-app/cds/snapshift.classlist: bin/snapshift makes its class-data-sharing archive
# from that list once per build (-Xshare:dump), so a start maps those classes instead of loading and verifying them.
# Run it again when a change adds classes to the run's path (a stale list still works: a class it does not name is
# loaded as usual, a class it names that no longer exists is skipped).
#
#   bench/cds-classlist.sh
#
# The run: MySQL 8.0.33 -> 8.0.33 sandboxes, every connection over TLS, 8 workers (12 snapshot sessions), a database
# with integer, composite, string and keyless tables, the usual column types, a view, a routine and a trigger.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$ROOT/snapshift-app/cds/snapshift.classlist"
start_server src 1
start_server dst 2
SRC=$(val src port); DST=$(val dst port); MYSQL="$(val src basedir)/bin/mysql --no-defaults -uroot -h127.0.0.1"
$MYSQL -P"$SRC" <<'SQL'
CREATE DATABASE cds;
USE cds;
CREATE TABLE t_int (id INT PRIMARY KEY, k INT, c CHAR(20), pad VARCHAR(60), KEY (k));
CREATE TABLE t_types (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, d DECIMAL(12,3), f DOUBLE, dt DATETIME(6),
  ts TIMESTAMP NULL, j JSON, b BLOB, e ENUM('a','b'), s SET('x','y'), bits BIT(5), y YEAR, tm TIME(3), txt TEXT);
CREATE TABLE t_pair (a INT, b VARCHAR(10), v INT, PRIMARY KEY (a, b));
CREATE TABLE t_str (code VARCHAR(20) PRIMARY KEY, v INT);
CREATE TABLE t_nokey (a INT, b VARCHAR(10));
INSERT INTO t_int VALUES (1, 1, 'a', 'x'), (2, 2, 'b', 'y'), (3, 3, 'c', 'z');
INSERT INTO t_types (d, f, dt, ts, j, b, e, s, bits, y, tm, txt) VALUES
  (1.5, 2.5, NOW(6), NOW(), '{"a": 1}', x'00ff', 'a', 'x,y', b'101', 2024, '12:00:00.5', 'text'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO t_pair VALUES (1, 'a', 1), (1, 'b', 2);
INSERT INTO t_str VALUES ('k1', 1), ('k2', 2);
INSERT INTO t_nokey VALUES (1, 'a'), (1, 'a');
CREATE VIEW v_int AS SELECT id, k FROM t_int;
CREATE PROCEDURE p_count() SELECT COUNT(*) FROM t_int;
CREATE TRIGGER t_int_bi BEFORE INSERT ON t_int FOR EACH ROW SET NEW.k = NEW.k;
SQL
java -XX:DumpLoadedClassList="$WORK/classlist" -jar "$ROOT/snapshift-app/target/snapshift.jar" migrate \
  --source "mysql://root@127.0.0.1:$SRC?ssl-mode=REQUIRED" --target "mysql://root@127.0.0.1:$DST?ssl-mode=REQUIRED" \
  --databases cds --threads 8 --state-dir "$WORK/state" --report "$WORK/report.json" >"$WORK/run.out" 2>&1 \
  || { cat "$WORK/run.out"; exit 1; }
grep -q '^dev/snapshift/internal/copy/ChunkCopier$' "$WORK/classlist" || { echo "the run did not reach the copy" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
mv -f "$WORK/classlist" "$OUT"
echo "$OUT: $(grep -vc '^#' "$OUT") entries ($(grep -c '^dev/snapshift/' "$OUT") of snapshift's classes)"
