#!/usr/bin/env bash
# Records what real clients print against PostgreSQL 15, for the wire tests
# that run the same clients against `citus-sim serve`: starts a throwaway
# server (as scripts/record-goldens.sh does), creates database `citus`, and
# runs Tests/Clients/psycopg_check.py into Tests/Clients/psycopg_check.expected
# and Tests/Clients/JdbcCheck.java into Tests/Clients/jdbc_check.expected
# (each in a fresh database).
#
# Usage: scripts/record-wire-clients.sh
#   (needs python3 with psycopg 3, javac and /usr/share/java/postgresql.jar)
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
settings="-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off"
settings+=" -c timezone=UTC -c log_timezone=UTC -c datestyle='iso, mdy'"
as_server "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
    -o "$settings" start >/dev/null || { cat "$work/server.log" >&2; exit 1; }
fresh_database() {
    PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -h "$work" -p "$port" \
        -U postgres -d postgres -c 'DROP DATABASE IF EXISTS citus' -c 'CREATE DATABASE citus'
}

fresh_database
python3 "$CLIENTS/psycopg_check.py" "host=$work port=$port user=postgres dbname=citus" \
    >"$CLIENTS/psycopg_check.expected" 2>&1
echo "record-wire-clients: recorded $CLIENTS/psycopg_check.expected"

fresh_database
mkdir "$work/classes"
javac -d "$work/classes" "$CLIENTS/JdbcCheck.java"
java -cp "$work/classes:/usr/share/java/postgresql.jar" JdbcCheck \
    "jdbc:postgresql://127.0.0.1:$port/citus?user=postgres" \
    >"$CLIENTS/jdbc_check.expected" 2>&1
echo "record-wire-clients: recorded $CLIENTS/jdbc_check.expected"
