# Shared by the bench scripts: sandbox servers started with `bin/snapshift sandbox`, stopped by pid on exit.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=$(mktemp -d /tmp/snapshift-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$ROOT/bin/prerequisites"
"$ROOT/bin/snapshift" --version >/dev/null   # builds the jar if needed

# start_server NAME SERVER_ID [sandbox options...]: waits until the server is ready
start_server() {
  local name=$1 id=$2
  shift 2
  "$ROOT/bin/snapshift" sandbox --flavor MYSQL_8_0_33 --server-id "$id" "$@" > "$WORK/$name.info" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 1 600); do grep -q '^ready' "$WORK/$name.info" 2>/dev/null && return 0; sleep 0.2; done
  cat "$WORK/$name.err"; exit 1
}
# latency_proxy PORT MS: sets PROXY to the port of bench/latency-proxy.py in front of 127.0.0.1:PORT, delaying each
# direction by MS ms (a round trip 2 x MS longer, as to a server in another data centre); stopped by pid on exit
latency_proxy() {
  PROXY=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 "$ROOT/bench/latency-proxy.py" "$PROXY" "$1" "$2" > "$WORK/proxy-$1.out" &
  PIDS+=($!)
  for _ in $(seq 1 100); do grep -q ready "$WORK/proxy-$1.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "the latency proxy did not start" >&2; exit 1
}
# val NAME KEY: a value the sandbox printed (port, basedir, ...)
val() { sed -n "s/^$2=//p" "$WORK/$1.info"; }
# ensure_command COMMAND PACKAGE: installs the Debian package when the command is missing (as root, with apt-get);
# returns 1 when it is still missing
ensure_command() {
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing $2 (for $1)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1; } || true
  fi
  command -v "$1" >/dev/null || { echo "missing: $1 (Debian/Ubuntu: apt-get install $2)" >&2; return 1; }
}
# peak_rss_kb FILE: "Maximum resident set size" from the output of /usr/bin/time -v -o FILE
peak_rss_kb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
# sysbench_servers TABLES ROWS: a source and a target sysbench can log in to (mysql_native_password); sets SRC and DST
# (their ports), BASEDIR, and SB: sysbench's options for TABLES x ROWS in the source's sbtest database
sysbench_servers() {
  ensure_command sysbench sysbench
  start_server src 1 --native-password
  start_server dst 2 --native-password
  SRC=$(val src port); DST=$(val dst port); BASEDIR=$(val src basedir)
  SB=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$SRC" --mysql-user=root --mysql-db=sbtest
      --tables="$1" --table-size="$2")
}
# q PORT [mysql args]: a query on a sandbox server, tab-separated, no header (after sysbench_servers)
q() { local port=$1; shift; "$BASEDIR/bin/mysql" --no-defaults -uroot -h127.0.0.1 -P"$port" -N -B "$@"; }
