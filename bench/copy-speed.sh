#!/usr/bin/env bash
# Benchmark: how fast each tool copies one database from a MySQL 8.0.33 source to a MySQL 8.0.33 target, against the
# server-side floor. Same machine, same run, same two sandbox servers; the target writes its binary log (log_bin=ON,
# checked), as a managed cloud target does.
#
#   bench/copy-speed.sh [TABLES] [ROWS]            (default 8 200000: sysbench oltp_read_write tables)
#
#   SNAPSHIFT_THREADS=N   snapshift --threads N (default: none given, so snapshift adapts its parallelism: auto)
#   MYDUMPER_ARGS="-r 500000"   more mydumper options, e.g. rows per file, so that one big table is dumped and
#                         loaded by several threads
#   RUNS=N                rounds (default 1): every selected tool runs once per round, the tools taking turns, so
#                         that a noisy moment of the machine is shared; the table gives each tool's median wall
#                         time and the spread (min-max), ratios are of medians
#   TOOLS="a b ..."       the tools to run, of: floor deferred mysqldump mysqlpump mydumper snapshift
#                         snapshift-noverify (default: all but snapshift-noverify); the deferred floor always
#                         runs (the ratios need it); without floor, the "vs floor" column is "-"
#   SNAPSHIFT_JAVA_OPTS   JVM options for snapshift, e.g. -Xmx256m (honoured by bin/snapshift)
#   SNAPSHIFT_SSL_MODE=M  snapshift's ssl-mode on both servers (default: none given, so PREFERRED: TLS, as the servers
#                         offer it); DISABLED compares it with mydumper and the mysql clients on their transport
#                         (they do not use TLS unless told, see the TLS column)
#   BENCH_OUT=FILE        also write the result table there
#
# Runs, each into an emptied target (DROP DATABASE sbtest first), each verified afterwards (CHECKSUM TABLE of every
# table on both servers, compared; a difference fails the script naming the tool):
#   floor      every table exported with SELECT ... INTO OUTFILE on the source (not timed), target tables created from
#              the source's SHOW CREATE TABLE (not timed), then timed: server-side LOAD DATA INFILE (not LOCAL) on the
#              target, a queue of tables worked by 4 parallel mysql clients, one transaction per table. The server's
#              own bulk path with the full DDL: the reference of "vs floor", not a hard lower bound (a tool that adds
#              the secondary indexes after the rows, or commits smaller transactions, can get near it or under it).
#   floor, deferred indexes   the same server-side load into tables created with their primary key only, each
#              table's secondary indexes then added by one ALTER TABLE right after its load (in the same client): the
#              technique snapshift uses, so the fair bound for it ("vs deferred floor")
#   mysqldump  --single-transaction --source-data=2 | mysql
#   mysqlpump  --single-transaction --default-parallelism=4 | mysql   (skipped, with a line saying so, if the
#              distribution has no mysqlpump). Its output always holds SET @@SESSION.SQL_LOG_BIN= 0; that line is
#              removed from the stream, so that its load is binlogged like every other tool's.
#   mydumper   mydumper -t 4, then myloader -t 4 -e (-e: the load is written to the target's binary log); the wall time
#              is dump + load, both parts are shown too
#   snapshift  migrate (--threads auto unless SNAPSHIFT_THREADS is set): verifies every chunk, its default
#   snapshift-noverify   the same with --no-verify: what the verification costs
#
# Measured per tool: wall time (date +%s.%N around the timed part), rows/s and MB/s (rows counted on the source; MB =
# 2^20 bytes of the OUTFILE text of all tables, the same yardstick for every tool), wall time / floor, binary log
# bytes the target wrote, whether the tool's connections used TLS (every client with its default; the servers' own
# counters tell), and the client side's peak RSS from /usr/bin/time -v: for a pipeline the dump and load
# processes run together, so the column is their sum (each shown in the note); mydumper and myloader run one after
# the other, so the column is the larger; the floor's is (clients at once) x the largest mysql client; snapshift's is the java process.
# The servers' own memory is not counted (same servers for every tool). Servers are started with
# `bin/snapshift sandbox` and stopped by pid at exit, also on failure; work files live in a temporary directory that
# is removed at exit.
set -euo pipefail
TABLES=${1:-8}
ROWS=${2:-200000}
PAR=4                                   # threads / parallel clients of every tool but snapshift
SNAP_THREADS=${SNAPSHIFT_THREADS-}      # empty (default): no --threads, snapshift adapts (auto)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_command sysbench sysbench
ensure_command /usr/bin/time time
HAVE_MYDUMPER=yes
{ ensure_command mydumper mydumper && ensure_command myloader mydumper; } || HAVE_MYDUMPER=

start_server src 1 --native-password    # sysbench and mydumper use mysql_native_password
start_server dst 2 --native-password
SRC=$(val src port); DST=$(val dst port); BASEDIR=$(val src basedir)
MYSQL="$BASEDIR/bin/mysql --no-defaults -uroot -h127.0.0.1"
q() { local port=$1; shift; $MYSQL -P"$port" -N -B "$@"; }   # q PORT [mysql args]: tab-separated, no header

[ "$(q "$DST" -e 'SELECT @@log_bin')" = 1 ] || { echo "the target's binary log is off; this benchmark needs it on"; exit 1; }
SERVER_SETTINGS=$(q "$DST" -e "SELECT CONCAT('binlog_format ', @@binlog_format, ', sync_binlog ', @@sync_binlog,
  ', innodb_flush_log_at_trx_commit ', @@innodb_flush_log_at_trx_commit,
  ', innodb_buffer_pool_size ', @@innodb_buffer_pool_size DIV 1048576, 'M')")
OUTDIR="$WORK/outfile"
mkdir -p "$OUTDIR"
for port in "$SRC" "$DST"; do   # INTO OUTFILE and LOAD DATA INFILE need secure_file_priv empty or a parent of OUTDIR
  priv=$(q "$port" -e 'SELECT IFNULL(@@secure_file_priv, "NULL")')
  case "$OUTDIR/" in "$priv"*) ;; *) echo "secure_file_priv=$priv on port $port does not allow $OUTDIR"; exit 1 ;; esac
done

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)   # the machine's 1-minute load average, in the heading: others may be busy
echo "== preparing sysbench: $TABLES tables x $ROWS rows"
q "$SRC" -e "CREATE DATABASE sbtest"
sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC" --mysql-user=root \
  --mysql-db=sbtest --tables="$TABLES" --table-size="$ROWS" --threads="$PAR" prepare >/dev/null
TBLS=$(seq -f "sbtest%g" 1 "$TABLES")
TOTAL_ROWS=0
for t in $TBLS; do TOTAL_ROWS=$((TOTAL_ROWS + $(q "$SRC" -e "SELECT COUNT(*) FROM sbtest.$t"))); done
q "$SRC" -e "ANALYZE TABLE $(echo $TBLS | sed 's/\([^ ]*\)/sbtest.\1/g; s/ /,/g')" >/dev/null
DATA_LENGTH=$(q "$SRC" -e "SELECT SUM(data_length) FROM information_schema.TABLES WHERE table_schema='sbtest'")

checksums() { # PORT: one line per table, "sbtest.sbtestN<TAB>checksum"
  q "$1" -e "CHECKSUM TABLE $(echo $TBLS | sed 's/\([^ ]*\)/sbtest.\1/g; s/ /,/g')"
}
checksums "$SRC" > "$WORK/source.sum"
verify() { # TOOL
  checksums "$DST" > "$WORK/target.sum"
  if ! diff "$WORK/source.sum" "$WORK/target.sum" > "$WORK/checksum.diff"; then
    echo "!!!!!! $1: THE TARGET DIFFERS FROM THE SOURCE (CHECKSUM TABLE, < source, > target):"
    cat "$WORK/checksum.diff"
    exit 1
  fi
  echo "   $1: all $TABLES tables equal to the source (CHECKSUM TABLE)"
}
reset_target() { # the database, and the binary log so that its size after a run is what that run wrote; then
  q "$DST" -e "DROP DATABASE IF EXISTS sbtest; RESET MASTER"   # sync, so that no run pays for the writeback of the
  sync                                                          # previous one (or of the OUTFILEs)
}
binlog_bytes() { q "$DST" -e "SHOW BINARY LOGS" | awk '{s += $2} END {print s + 0}'; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }          # kB -> MB

# TLS: every client here connects with its default TLS mode; the servers count the connections and the TLS handshakes
# (Connections, Ssl_accepts) so that the note can say which tool encrypted. tls_start/tls_end around the timed part.
tls_counters() { for port in "$SRC" "$DST"; do
  q "$port" -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Connections', 'Ssl_accepts')" | cut -f2; done | tr '\n' ' '; }
tls_start() { TLS0=$(tls_counters); CPU0=$(server_cpu); }
tls_end() { # sets TLS_NOTE; each tls_counters call itself makes 2 TLS connections, subtracted
  TLS_NOTE=$(echo "$TLS0 $(tls_counters)" | awk '{c = $5 - $1 + $7 - $3 - 2; s = $6 - $2 + $8 - $4 - 2;
    printf "%s (%d of %d connections)", (s == 0 ? "no TLS" : s == c ? "TLS" : "TLS on some"), s, c}')
  SERVER_CPU=$(echo "$CPU0 $(server_cpu)" | awk -v hz="$(getconf CLK_TCK)" '{printf "source %.1f, target %.1f", ($3 - $1) / hz, ($4 - $2) / hz}')
}
# Where the CPU goes (the machine has $(nproc) cores for both servers and the client): each server's CPU time during
# the timed part (utime + stime of its mysqld, from /proc), and the client's (user + sys of the processes under
# /usr/bin/time -v: client_cpu FILE...), in each tool's note.
SRC_PID=$(val src server_pid); DST_PID=$(val dst server_pid)
server_cpu() { for pid in "$SRC_PID" "$DST_PID"; do awk '{print $14 + $15}' "/proc/$pid/stat"; done | tr '\n' ' '; }
client_cpu() { cat "$@" | awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%.1f", s}'; }

RUNS=${RUNS:-1}
TOOLS=${TOOLS:-"floor deferred mysqldump mysqlpump mydumper snapshift"}
case " $TOOLS " in *" deferred "*) ;; *) TOOLS="deferred $TOOLS" ;; esac    # the ratios need the deferred floor
declare -A LABEL WALLS RSS NOTE SKIPPED
ORDER_SEEN=()   # the tools in the order they first ran

# --- set-up, not timed: the OUTFILEs, the full DDL, the DDL with primary keys only and each table's ALTER
echo "== floors' set-up: SELECT INTO OUTFILE on the source, the DDL (not timed)"
for t in $TBLS; do
  q "$SRC" -e "SELECT * INTO OUTFILE '$OUTDIR/$t.txt' CHARACTER SET binary FROM sbtest.$t"
done
OUT_BYTES=$(cat "$OUTDIR"/*.txt | wc -c)
q "$SRC" --raw -e "SHOW CREATE DATABASE sbtest" | cut -f2- > "$WORK/ddl.sql"
echo ";" >> "$WORK/ddl.sql"
echo "USE sbtest;" >> "$WORK/ddl.sql"
for t in $TBLS; do q "$SRC" --raw -e "SHOW CREATE TABLE sbtest.$t" | cut -f2- >> "$WORK/ddl.sql"; echo ";" >> "$WORK/ddl.sql"; done
# the DDL without secondary indexes, and per table the ALTER that adds them back
python3 - "$WORK/ddl.sql" "$WORK/ddl-pk.sql" "$WORK/alters" <<'PY'
import re, sys, os
ddl = open(sys.argv[1]).read()
os.makedirs(sys.argv[3], exist_ok=True)
out = []
for stmt in ddl.split(";\n"):
    m = re.search(r"CREATE TABLE `([^`]+)`", stmt)
    if not m:
        out.append(stmt)
        continue
    lines = stmt.split("\n")
    keep, keys = [], []
    for ln in lines:
        if re.match(r"\s+(UNIQUE |FULLTEXT |SPATIAL )?KEY ", ln):
            keys.append(ln.strip().rstrip(","))
        else:
            keep.append(ln)
    # the line before ") ENGINE" must not end with a comma any more
    for i in range(len(keep) - 1, 0, -1):
        if keep[i].lstrip().startswith(")"):
            keep[i - 1] = keep[i - 1].rstrip().rstrip(",")
            break
    out.append("\n".join(keep))
    with open(os.path.join(sys.argv[3], m.group(1) + ".sql"), "w") as f:
        f.write(("ALTER TABLE sbtest.`%s` %s;\n" % (m.group(1), ", ".join("ADD " + k for k in keys))) if keys else "")
open(sys.argv[2], "w").write(";\n".join(out))
PY

# result TOOL LABEL WALL RSS_KB NOTE: prints the line, keeps the run
result() {
  local rate
  LABEL[$1]=$2
  [[ " ${ORDER_SEEN[*]} " == *" $1 "* ]] || ORDER_SEEN+=("$1")
  WALLS[$1]="${WALLS[$1]:-} $3"
  [ "${RSS[$1]:-0}" -ge "$4" ] || RSS[$1]=$4
  rate=$(awk -v r="$TOTAL_ROWS" -v b="$OUT_BYTES" -v w="$3" 'BEGIN {printf "%.0f rows/s, %.1f MB/s", r / w, b / 1048576 / w}')
  NOTE[$1]="$5; $TLS_NOTE; CPU s: $SERVER_CPU, client $CLIENT_CPU; target binlog $(awk -v b="$(binlog_bytes)" 'BEGIN {printf "%.0f", b / 1048576}') MB"
  echo "   $2: $3 s, $rate, client peak RSS $(mb "$4") MB; CPU s: $SERVER_CPU, client $CLIENT_CPU"
}
skip() { # TOOL LABEL WHY
  LABEL[$1]=$2; SKIPPED[$1]=$3
  [[ " ${ORDER_SEEN[*]} " == *" $1 "* ]] || ORDER_SEEN+=("$1")
  echo "== $2: SKIPPED: $3"
}

tool_floor() {
  echo "== floor: LOAD DATA INFILE on the target, $PAR tables at a time"
  reset_target
  q "$DST" < "$WORK/ddl.sql"
  tls_start
  local start wall
  start=$(now)
  # shellcheck disable=SC2086  # $MYSQL is a command line
  printf '%s\n' $TBLS | /usr/bin/time -v -o "$WORK/floor.time" xargs -P "$PAR" -I{} \
    $MYSQL -P"$DST" -e "LOAD DATA INFILE '$OUTDIR/{}.txt' INTO TABLE sbtest.{} CHARACTER SET binary"
  wall=$(secs "$start" "$(now)")
  tls_end
  CLIENT_CPU=$(client_cpu "$WORK/floor.time")
  verify floor
  result floor "floor: LOAD DATA INFILE x$PAR" "$wall" "$(( (TABLES < PAR ? TABLES : PAR) * $(peak_rss_kb "$WORK/floor.time") ))" \
    "server-side, $PAR clients over a queue of tables, one transaction per table; OUTFILE $(awk -v b="$OUT_BYTES" 'BEGIN {printf "%.0f", b / 1048576}') MB"
}

tool_deferred() {
  echo "== floor, deferred indexes: tables with their primary key only, LOAD DATA INFILE, then one ALTER TABLE ADD of"
  echo "   each table's secondary indexes, $PAR tables at a time"
  reset_target
  q "$DST" < "$WORK/ddl-pk.sql"
  tls_start
  local start wall
  start=$(now)
  # shellcheck disable=SC2086  # $MYSQL is a command line
  printf '%s\n' $TBLS | /usr/bin/time -v -o "$WORK/floor-deferred.time" xargs -P "$PAR" -I{} \
    sh -c "$MYSQL -P$DST -e \"LOAD DATA INFILE '$OUTDIR/{}.txt' INTO TABLE sbtest.{} CHARACTER SET binary\" && $MYSQL -P$DST < '$WORK/alters/{}.sql'"
  wall=$(secs "$start" "$(now)")
  tls_end
  CLIENT_CPU=$(client_cpu "$WORK/floor-deferred.time")
  verify "floor, deferred indexes"
  result deferred "floor, deferred indexes: LOAD DATA INFILE + ALTER TABLE ADD INDEX x$PAR" "$wall" \
    "$(( (TABLES < PAR ? TABLES : PAR) * $(peak_rss_kb "$WORK/floor-deferred.time") ))" \
    "server-side; tables with their primary key only, each table's secondary indexes added by one ALTER after its load"
}

# pipeline NAME DUMP_CMD...: runs "DUMP_CMD | mysql" into the target, both sides under /usr/bin/time -v; sets WALL,
# DUMP_KB, LOAD_KB. With DROP_LINE set, that exact line is removed from the stream (grep -vxF) on the way. The dump's
# stderr goes to $WORK/NAME.err and is shown, without progress lines.
DROP_LINE=
pipeline() {
  local name=$1 start; shift
  tls_start
  start=$(now)
  if [ -n "$DROP_LINE" ]; then
    /usr/bin/time -v -o "$WORK/$name-dump.time" "$@" 2> "$WORK/$name.err" | grep -vxF "$DROP_LINE" \
      | /usr/bin/time -v -o "$WORK/$name-load.time" $MYSQL -P"$DST" > /dev/null
  else
    /usr/bin/time -v -o "$WORK/$name-dump.time" "$@" 2> "$WORK/$name.err" \
      | /usr/bin/time -v -o "$WORK/$name-load.time" $MYSQL -P"$DST" > /dev/null
  fi
  WALL=$(secs "$start" "$(now)")
  tls_end
  grep -vE '^Dump (progress|completed)' "$WORK/$name.err" | sed "s/^/   $name: /" || true
  DUMP_KB=$(peak_rss_kb "$WORK/$name-dump.time"); LOAD_KB=$(peak_rss_kb "$WORK/$name-load.time")
  CLIENT_CPU=$(client_cpu "$WORK/$name-dump.time" "$WORK/$name-load.time")
}

tool_mysqldump() {
  echo "== mysqldump --single-transaction | mysql"
  reset_target
  pipeline mysqldump "$BASEDIR/bin/mysqldump" --no-defaults -uroot -h127.0.0.1 -P"$SRC" --single-transaction \
    --source-data=2 --set-gtid-purged=OFF --databases sbtest
  verify mysqldump
  result mysqldump "mysqldump --single-transaction | mysql" "$WALL" $((DUMP_KB + LOAD_KB)) \
    "one stream; RSS dump $(mb "$DUMP_KB") + load $(mb "$LOAD_KB") MB"
}

tool_mysqlpump() {
  local label="mysqlpump --single-transaction --default-parallelism=$PAR | mysql"
  if [ ! -x "$BASEDIR/bin/mysqlpump" ]; then
    skip mysqlpump "$label" "no bin/mysqlpump in the MySQL 8.0.33 distribution ($BASEDIR/bin)"
    return
  fi
  echo "== $label"
  reset_target
  # --single-transaction works with parallelism despite --help (FTWRL, a consistent snapshot per thread, UNLOCK).
  # mysqlpump always writes SET @@SESSION.SQL_LOG_BIN= 0 into its output: dropped here, so that its load goes to the
  # target's binary log like every other tool's (a managed target would refuse that SET anyway).
  DROP_LINE='SET @@SESSION.SQL_LOG_BIN= 0;'
  pipeline mysqlpump "$BASEDIR/bin/mysqlpump" --no-defaults -uroot -h127.0.0.1 -P"$SRC" --single-transaction \
    --default-parallelism="$PAR" --set-gtid-purged=OFF --databases sbtest
  DROP_LINE=
  verify mysqlpump
  result mysqlpump "$label" "$WALL" $((DUMP_KB + LOAD_KB)) \
    "--single-transaction; parallel dump, one load stream, secondary indexes deferred; its SET SQL_LOG_BIN=0 removed from the stream; RSS dump $(mb "$DUMP_KB") + load $(mb "$LOAD_KB") MB"
}

tool_mydumper() {
  local label="mydumper -t $PAR + myloader -t $PAR -e" version start mid end
  if [ -z "$HAVE_MYDUMPER" ]; then
    skip mydumper "$label" "mydumper is not installed and could not be (apt-get install mydumper)"
    return
  fi
  version=$(mydumper --version | sed 's/,.*//')
  echo "== $version: mydumper -t $PAR, then myloader -t $PAR -e"
  reset_target
  rm -rf "$WORK/mydumper"
  tls_start
  start=$(now)
  # shellcheck disable=SC2086  # MYDUMPER_ARGS: words
  /usr/bin/time -v -o "$WORK/mydumper.time" mydumper -h 127.0.0.1 -P "$SRC" -u root -B sbtest -t "$PAR" ${MYDUMPER_ARGS:-} \
    -o "$WORK/mydumper" -v 1
  mid=$(now)
  /usr/bin/time -v -o "$WORK/myloader.time" myloader -h 127.0.0.1 -P "$DST" -u root -d "$WORK/mydumper" -t "$PAR" -e -v 1
  end=$(now)
  tls_end
  WALL=$(secs "$start" "$end")
  DUMP_KB=$(peak_rss_kb "$WORK/mydumper.time"); LOAD_KB=$(peak_rss_kb "$WORK/myloader.time")
  CLIENT_CPU=$(client_cpu "$WORK/mydumper.time" "$WORK/myloader.time")
  rm -rf "$WORK/mydumper"
  verify mydumper
  result mydumper "$label${MYDUMPER_ARGS:+ (mydumper $MYDUMPER_ARGS)}" "$WALL" $((DUMP_KB > LOAD_KB ? DUMP_KB : LOAD_KB)) \
    "$version; dump $(secs "$start" "$mid") s + load $(secs "$mid" "$end") s, one after the other; RSS dump $(mb "$DUMP_KB"), load $(mb "$LOAD_KB") MB"
}

threads_args=(); threads_label="(snapshift picks the threads)"
if [ -n "$SNAP_THREADS" ]; then threads_args=(--threads "$SNAP_THREADS"); threads_label="--threads $SNAP_THREADS"; fi
ssl_query=${SNAPSHIFT_SSL_MODE:+"?ssl-mode=$SNAPSHIFT_SSL_MODE"}
tool_snapshift() { # [TOOL_NAME EXTRA_ARG...]
  local tool=${1:-snapshift} label start held steps
  shift || true
  label="snapshift migrate $threads_label${1:+ $*}${SNAPSHIFT_SSL_MODE:+ (ssl-mode=$SNAPSHIFT_SSL_MODE)}"
  echo "== $label${SNAPSHIFT_JAVA_OPTS:+ (SNAPSHIFT_JAVA_OPTS=$SNAPSHIFT_JAVA_OPTS)}"
  reset_target
  rm -rf "$WORK/state"
  tls_start
  start=$(now)
  SNAPSHIFT_LOG_LEVEL=INFO /usr/bin/time -v -o "$WORK/snapshift.time" "$ROOT/bin/snapshift" migrate --source "mysql://root@127.0.0.1:$SRC$ssl_query" \
    --target "mysql://root@127.0.0.1:$DST$ssl_query" --databases sbtest --quiet --report "$WORK/report.json" \
    --state-dir "$WORK/state" "${threads_args[@]}" "$@" > "$WORK/snapshift.out" 2> "$WORK/snapshift.err"
  WALL=$(secs "$start" "$(now)")
  # the adaptive parallelism's steps, as logged ("parallelism 4 -> 5 workers (...)")
  steps=$(sed -n 's/.*parallelism \([0-9]*\) -> \([0-9]*\) workers.*/\1->\2/p' "$WORK/snapshift.err" | paste -sd' ' -)
  [ -z "${BENCH_OUT:-}" ] || cp "$WORK/snapshift.err" "$BENCH_OUT.$tool.log"
  tls_end
  CLIENT_CPU=$(client_cpu "$WORK/snapshift.time")
  verify "$tool"
  held=$(python3 -c "import json; print(json.load(open('$WORK/report.json'))['lock']['heldMillis'])")
  result "$tool" "$label" "$WALL" "$(peak_rss_kb "$WORK/snapshift.time")" \
    "java process${SNAPSHIFT_JAVA_OPTS:+ with $SNAPSHIFT_JAVA_OPTS}; lock held $held ms${steps:+; workers $steps}"
}
tool_snapshift-noverify() { tool_snapshift snapshift-noverify --no-verify; }

"$ROOT/bin/snapshift" --version >/dev/null   # (re)builds the jar now if the sources changed, not inside the timing
for round in $(seq 1 "$RUNS"); do
  echo "=== round $round of $RUNS"
  for tool in $TOOLS; do "tool_$tool"; done
done

# median / min / max of a list of numbers
stats() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
  printf "%.2f %.2f %.2f", m, a[1], a[NR]}'; }
FLOOR=
# shellcheck disable=SC2086  # word lists
[ -z "${WALLS[floor]:-}" ] || read -r FLOOR _ _ <<< "$(stats ${WALLS[floor]})"
# shellcheck disable=SC2086
read -r FLOOR_DEFERRED _ _ <<< "$(stats ${WALLS[deferred]})"
{
  echo
  echo "### copy speed: $TABLES tables x $ROWS rows ($TOTAL_ROWS rows; OUTFILE $(awk -v b="$OUT_BYTES" \
    'BEGIN {printf "%.0f", b / 1048576}') MB, InnoDB data_length $(awk -v b="$DATA_LENGTH" \
    'BEGIN {printf "%.0f", b / 1048576}') MB), MySQL 8.0.33 -> 8.0.33, target log_bin=ON ($SERVER_SETTINGS), $(nproc) cores, $RUNS round(s), load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
  echo
  echo "| tool | wall s (median) | runs (s) | vs floor | vs deferred floor | peak RSS MB | note |"
  echo "|---|---:|---|---:|---:|---:|---|"
  for tool in "${ORDER_SEEN[@]}"; do
    if [ -n "${SKIPPED[$tool]:-}" ]; then
      echo "| ${LABEL[$tool]//|/\\|} | - | - | - | - | - | SKIPPED: ${SKIPPED[$tool]} |"
      continue
    fi
    # shellcheck disable=SC2086
    read -r med lo hi <<< "$(stats ${WALLS[$tool]})"
    rate=$(awk -v r="$TOTAL_ROWS" -v b="$OUT_BYTES" -v w="$med" 'BEGIN {printf "%.0f rows/s, %.1f MB/s", r / w, b / 1048576 / w}')
    echo "| ${LABEL[$tool]//|/\\|} | $med | $(echo ${WALLS[$tool]} | sed 's/ /, /g') (spread $lo-$hi) | $([ -z "$FLOOR" ] && echo - || awk -v w="$med" -v f="$FLOOR" 'BEGIN {printf "%.2f", w / f}') | $(awk -v w="$med" -v f="$FLOOR_DEFERRED" 'BEGIN {printf "%.2f", w / f}') | $(mb "${RSS[$tool]}") | $rate; ${NOTE[$tool]//|/\\|} |"
  done
  if [ -n "${WALLS[snapshift]:-}" ] && [ -n "${WALLS[mydumper]:-}" ]; then
    # shellcheck disable=SC2086
    echo; echo "Per round, snapshift / deferred floor: $(paste -d' ' <(printf '%s\n' ${WALLS[snapshift]}) <(printf '%s\n' ${WALLS[deferred]}) | awk '{printf "%.2f ", $1 / $2}');" \
      "snapshift / mydumper + myloader: $(paste -d' ' <(printf '%s\n' ${WALLS[snapshift]}) <(printf '%s\n' ${WALLS[mydumper]}) | awk '{printf "%.2f ", $1 / $2}')"
  fi
  echo
  echo "Every run verified afterwards: CHECKSUM TABLE of all $TABLES tables, target against source."
  echo
  echo "ALL TARGETS VERIFIED EQUAL TO THE SOURCE"
} > "$WORK/table.md"
cat "$WORK/table.md"
[ -z "${BENCH_OUT:-}" ] || cp "$WORK/table.md" "$BENCH_OUT"
