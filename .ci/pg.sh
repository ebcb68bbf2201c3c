#!/usr/bin/env bash
# Throw-away PostgreSQL for tests: 127.0.0.1 only, a free port, data in a temp dir, never the Debian cluster.
# usage: pg.sh start | stop | status | destroy      (run as root; idempotent)
# env:   CRM_PG_DIR (/tmp/crm-pg)  CRM_PG_DB (crm_test)  CRM_PG_PORT (first free port from 55432)
# start prints the connection string on its last line:  Host=127.0.0.1;Port=N;Username=postgres;Database=crm_test
set -euo pipefail
DIR="${CRM_PG_DIR:-/tmp/crm-pg}"
DB="${CRM_PG_DB:-crm_test}"
DATA="$DIR/data"

ensure_installed() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
}

as_pg() { runuser -u postgres -- "$@"; }

running() { [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  ensure_installed
  if running; then
    PORT="$(cat "$DIR/port")"
  else
    mkdir -p "$DIR"; chown postgres:postgres "$DIR"; chmod 700 "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log"; exit 1; }
    fi
    PORT="${CRM_PG_PORT:-55432}"
    while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
    echo "$PORT" > "$DIR/port"
    as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$DIR/server.log"; exit 1; }
  fi
  if ! as_pg "$BIN/psql" -h "$DIR" -p "$PORT" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    as_pg "$BIN/createdb" -h "$DIR" -p "$PORT" "$DB"
  fi
  echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=$DB"
}

stop() {
  ensure_installed
  if running; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; echo "pg: stopped"; else echo "pg: not running"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) ensure_installed; if running; then echo "pg: running on 127.0.0.1:$(cat "$DIR/port")"; else echo "pg: not running"; exit 3; fi ;;
  destroy) stop; rm -rf "$DIR"; echo "pg: removed $DIR" ;;
  *) echo "usage: $0 start|stop|status|destroy" >&2; exit 2 ;;
esac
