#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `start` installs Debian's postgresql if needed, creates a
# data directory in a temporary folder, starts the server on a free loopback port as the
# `postgres` user (PostgreSQL refuses to run as root) and prints the connection URL;
# `stop DIR` stops it and deletes the folder. Usage:
#   dir="$(scripts/postgres.sh start)"; export PASSAGE_OTP_TEST_DATABASE_URL="$(cat "$dir/url")"
#   scripts/postgres.sh stop "$dir"
set -euo pipefail

bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$dir" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

# Runs a command as the postgres user when we are root, else as ourselves.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local bin dir port
  bin="$(bin_dir)"
  dir="$(mktemp -d -t passage-otp-pg.XXXXXX)"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1
  port="$(free_port)"
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
  echo "$dir"
}

stop() {
  local dir="$1" bin
  bin="$(bin_dir)"
  if [ -d "$dir/data" ]; then as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
  *)
    echo "usage: postgres.sh start | stop DIR" >&2
    exit 2
    ;;
esac
