#!/bin/sh
# Makes sure a private PostgreSQL cluster runs on 127.0.0.1 and prints its URL as `DATABASE_URL=...`.
#
#   sh scripts/ensure-postgres.sh          # install if missing, start (or reuse) the cluster, print the URL
#   sh scripts/ensure-postgres.sh stop     # stop the cluster and delete its directory
#
# The cluster lives in $PHONE_API_PG_DIR (default: $TMPDIR/phone-api-postgres). Running it again with the
# same directory reuses the running cluster, so the script is idempotent. Debian's `postgresql` package is
# installed with apt-get when no server binaries are found (CI machines start without it). Every wait is
# bounded. Authentication is `trust` on loopback only: this is a throwaway cluster for tests and benchmarks.
set -eu

DIR="${PHONE_API_PG_DIR:-${TMPDIR:-/tmp}/phone-api-postgres}"
DB_NAME="${PHONE_API_PG_DB:-phone_api}"
LOCK_TIMEOUT=120

# runuser, apt-get and friends live in sbin, which a minimal PATH (env -i, some CI runners) leaves out.
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

log() { echo "ensure-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  # Debian keeps the server binaries out of PATH, one directory per major version; take the newest.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    die "PostgreSQL is not installed and this user cannot install it; run: sudo apt-get install -y postgresql"
  fi
}

install_postgres() {
  log "no PostgreSQL server binaries found; installing Debian's postgresql package"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# The server refuses to run as root: run its tools as the `postgres` user then (created by the package).
run_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /bin/sh postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

url_for() { echo "postgres://postgres@127.0.0.1:$1/$DB_NAME"; }

stop_cluster() {
  BIN="$(find_bindir)" || exit 0
  if [ -f "$DIR/data/PG_VERSION" ]; then
    run_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR" "$DIR.lock"
  log "stopped and removed $DIR"
}

start_cluster() {
  BIN="$(find_bindir)" || { install_postgres; BIN="$(find_bindir)" || die "installed postgresql but found no initdb"; }
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$DIR"
    runuser -u postgres -- test -w "$DIR" || die "the postgres user cannot write $DIR (is a parent directory private?)"
  fi

  if [ -f "$DIR/port" ] && [ -f "$DIR/data/PG_VERSION" ] && run_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    echo "DATABASE_URL=$(url_for "$(cat "$DIR/port")")"
    return 0
  fi

  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR/data"
    run_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null \
      || run_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
  fi
  PORT="$(free_port)"
  run_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=200" start >/dev/null 9>&- \
    || { tail -20 "$DIR/server.log" >&2 || true; die "pg_ctl start failed (log: $DIR/server.log)"; }
  echo "$PORT" >"$DIR/port"

  tries=0
  until run_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtAc 'select 1' >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -ge 60 ] && die "server on port $PORT did not answer within 30 s"
    sleep 0.5
  done
  exists="$(run_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtAc \
    "select 1 from pg_database where datname = '$DB_NAME'")"
  if [ "$exists" != 1 ]; then
    run_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME"
  fi
  log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data: $DIR/data)"
  echo "DATABASE_URL=$(url_for "$PORT")"
}

# Serialise concurrent invocations on the same directory (two test runners starting at once).
mkdir -p "$(dirname "$DIR")"
LOCK="$DIR.lock"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$LOCK"
  flock -w "$LOCK_TIMEOUT" 9 || die "another ensure-postgres.sh holds $LOCK for more than ${LOCK_TIMEOUT}s"
fi

case "${1:-start}" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) die "usage: ensure-postgres.sh [start|stop]" ;;
esac
