#!/usr/bin/env bash
# Records what real clients print against PostgreSQL 15, for the wire tests
# that run the same clients against `citus-sim serve`: starts a throwaway
# server (as scripts/record-goldens.sh does), creates database `citus`, and
# runs Tests/Clients/psycopg_check.py into
# Tests/Clients/psycopg_check.expected.
#
# Usage: scripts/record-wire-clients.sh   (needs python3 with psycopg 3)
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLIENTS="$REPO/Tests/Clients"

work=$(mktemp -d /tmp/record-wire.XXXXXX)
chmod 755 "$work"
as_server() { (cd "$work" && "$@"); }
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$work"
    as_server() { (cd "$work" && runuser -u postgres -- "$@"); }
fi
cleanup() {
    if [[ -f "$work/data/postmaster.pid" ]]; then
        as_server "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$((20000 + RANDOM % 20000))
as_server "$PG_BIN/initdb" -D "$work/data" -U postgres -E UTF8 \
    --locale=C.UTF-8 -A trust >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log" >&2; exit 1; }
settings="-p $port -k $work -c listen_addresses= -c fsync=off"
settings+=" -c timezone=UTC -c log_timezone=UTC -c datestyle='iso, mdy'"
as_server "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
    -o "$settings" start >/dev/null || { cat "$work/server.log" >&2; exit 1; }
"$PG_BIN/psql" -X -q -h "$work" -p "$port" -U postgres -d postgres -c 'CREATE DATABASE citus'

python3 "$CLIENTS/psycopg_check.py" "host=$work port=$port user=postgres dbname=citus" \
    >"$CLIENTS/psycopg_check.expected" 2>&1
echo "record-wire-clients: recorded $CLIENTS/psycopg_check.expected"
