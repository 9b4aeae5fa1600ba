#!/usr/bin/env bash
# A throwaway PostgreSQL 15 with pgvector, for tests and benchmarks on a real server (not PGlite).
#
#   scripts/test-postgres.sh start          starts one; prints DATABASE_URL=... and PGDIR=... (the cluster dir)
#   scripts/test-postgres.sh stop PGDIR     stops it and removes its directory
#   scripts/test-postgres.sh run CMD...     starts one, runs CMD with TEST_DATABASE_URL set, stops it (CMD's exit code)
#
# Installs what is missing with apt when run as root (postgresql-15, postgresql-server-dev-15, build tools), and
# builds pgvector from the vendored tarball (../shared/vendor, or PGVECTOR_TARBALL) when the extension is absent.
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port, trusts local connections,
# and runs as the `postgres` user when started by root (initdb refuses root).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG="$PG_BIN/pg_config"
[ -x "$PG_CONFIG" ] || PG_CONFIG=/usr/bin/pg_config
PGVECTOR_TARBALL="${PGVECTOR_TARBALL:-$ROOT/../shared/vendor/pgvector-0.8.6.tar.gz}"

say() { echo "[test-postgres] $*" >&2; }
die() { say "$*"; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_server() {
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_config" ] && [ -f "/usr/include/postgresql/15/server/postgres.h" ]; then return; fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL 15 is not installed. As root: apt-get install -y postgresql-15 postgresql-server-dev-15"
  say "installing postgresql-15 and postgresql-server-dev-15 with apt..."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-server-dev-15 make gcc >/dev/null
}

install_pgvector() {
  local share
  share="$("$PG_BIN/pg_config" --sharedir)"
  if [ -f "$share/extension/vector.control" ]; then return; fi
  [ -f "$PGVECTOR_TARBALL" ] || die "pgvector is not installed and its source is not at $PGVECTOR_TARBALL (set PGVECTOR_TARBALL)."
  [ -w "$share/extension" ] || die "pgvector is not installed and $share/extension is not writable: run this once as root."
  say "building pgvector from $(basename "$PGVECTOR_TARBALL")..."
  local build
  build="$(mktemp -d)"
  tar xzf "$PGVECTOR_TARBALL" -C "$build"
  local src
  src="$(find "$build" -maxdepth 1 -mindepth 1 -type d | head -n 1)"
  make -C "$src" -j2 PG_CONFIG="$PG_BIN/pg_config" >/dev/null 2>&1 || die "building pgvector failed (make -C $src PG_CONFIG=$PG_BIN/pg_config shows why)."
  make -C "$src" install PG_CONFIG="$PG_BIN/pg_config" >/dev/null
  rm -rf "$build"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  install_server
  install_pgvector
  local dir port
  dir="$(mktemp -d /tmp/lineup-pg-XXXXXX)"
  port="$(free_port)"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-instructions >/dev/null
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; die "the server did not start (log above)."; }
  echo "$port" >"$dir/port"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "PGDIR=$dir"
}

stop() {
  local dir="${1:?usage: $0 stop PGDIR}"
  [ -d "$dir/data" ] || die "$dir is not a cluster started by this script."
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  run)
    shift
    [ $# -gt 0 ] || die "usage: $0 run CMD..."
    out="$(start)"
    url="$(echo "$out" | sed -n 's/^DATABASE_URL=//p')"
    dir="$(echo "$out" | sed -n 's/^PGDIR=//p')"
    trap 'stop "$dir"' EXIT
    say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with pgvector at $url"
    set +e
    TEST_DATABASE_URL="$url" "$@"
    code=$?
    set -e
    exit $code
    ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
