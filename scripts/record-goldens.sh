#!/usr/bin/env bash
# Records the golden outputs in Tests/Golden/expected/ from a real PostgreSQL 15.
#
# Starts a throwaway server (initdb in a temp dir, Unix socket only), creates
# database `citus`, runs every Tests/Golden/sql/*.sql file with
# `psql -X -a -q -f FILE` from inside Tests/Golden/sql (so psql's
# `psql:FILE:LINE:` prefixes name the file exactly as the Swift harness does),
# and writes stdout and stderr together to expected/NAME.out.
#
# Usage: scripts/record-goldens.sh [--check] [NAME ...]
#   --check  record into a temp dir and diff against the committed expected/;
#            exit 1 (printing the diff) on any difference.
#   NAME     record only these goldens (file names with or without .sql).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GOLDEN="$REPO/Tests/Golden"

check=false
names=()
all=true
for arg in "$@"; do
    case "$arg" in
        --check) check=true ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "record-goldens: unknown option $arg" >&2; exit 2 ;;
        *) names+=("${arg%.sql}"); all=false ;;
    esac
done

for tool in initdb pg_ctl postgres psql; do
    if [[ ! -x "$PG_BIN/$tool" ]]; then
        echo "record-goldens: $PG_BIN/$tool not found (install postgresql-15)" >&2
        exit 2
    fi
done

# The goldens, in schedule order when there is a schedule.
if [[ ${#names[@]} -eq 0 ]]; then
    if [[ -f "$GOLDEN/schedule" ]]; then
        mapfile -t names < <(grep -v '^[[:space:]]*\(#\|$\)' "$GOLDEN/schedule")
    else
        mapfile -t names < <(cd "$GOLDEN/sql" && ls -- *.sql | sed 's/\.sql$//')
    fi
fi
for name in "${names[@]}"; do
    if [[ ! -f "$GOLDEN/sql/$name.sql" ]]; then
        echo "record-goldens: no such golden: $GOLDEN/sql/$name.sql" >&2
        exit 2
    fi
done

# The server refuses to run as root: run it as postgres then. psql itself
# runs as the invoking user and talks to the server over the private socket.
work=$(mktemp -d /tmp/record-goldens.XXXXXX)
chmod 755 "$work"
# The server's user may not be able to read the caller's directory: run the
# server commands from inside the work dir.
as_server() { (cd "$work" && "$@"); }
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$work"
    as_server() { (cd "$work" && runuser -u postgres -- "$@"); }
fi
cleanup() {
    if [[ -f "$work/data/postmaster.pid" ]]; then
        as_server "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# With listen_addresses empty the server binds no TCP port, and its socket
# lives in the private dir, so any port number is free.
port=$((20000 + RANDOM % 20000))

as_server "$PG_BIN/initdb" -D "$work/data" -U postgres -E UTF8 \
    --locale=C.UTF-8 -A trust >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log" >&2; exit 1; }
settings="-p $port -k $work -c listen_addresses= -c fsync=off"
settings+=" -c timezone=UTC -c log_timezone=UTC -c datestyle='iso, mdy'"
as_server "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
    -o "$settings" start >/dev/null || { cat "$work/server.log" >&2; exit 1; }

# A clean, fixed client environment: nothing from the caller's PG* settings.
while IFS= read -r var; do unset "$var"; done < <(env | sed -n 's/^\(PG[A-Z]*\)=.*/\1/p')
export LC_ALL=C.UTF-8 PGCLIENTENCODING=UTF8
conn=(-h "$work" -p "$port" -U postgres)

out="$GOLDEN/expected"
if $check; then
    out="$work/expected"
fi
mkdir -p "$out"

cd "$GOLDEN/sql"
for name in "${names[@]}"; do
    # Every golden starts from an empty database, as each citus-sim run does.
    PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q "${conn[@]}" \
        -d postgres -c 'DROP DATABASE IF EXISTS citus' -c 'CREATE DATABASE citus'
    # psql's exit status reflects the errors the goldens provoke on purpose.
    "$PG_BIN/psql" -X -a -q -f "$name.sql" "${conn[@]}" -d citus \
        </dev/null >"$out/$name.out" 2>&1 || true
done

if $check; then
    status=0
    for name in "${names[@]}"; do
        if ! diff -u "$GOLDEN/expected/$name.out" "$out/$name.out"; then
            status=1
        fi
    done
    # An expected file without a golden is drift too.
    if $all; then
        for f in "$GOLDEN/expected"/*.out; do
            [[ -e "$f" ]] || continue
            n=$(basename "$f" .out)
            if [[ ! -f "$GOLDEN/sql/$n.sql" ]]; then
                echo "record-goldens: stale expected file $f" >&2
                status=1
            fi
        done
    fi
    if [[ $status -eq 0 ]]; then
        echo "record-goldens: all ${#names[@]} goldens match PostgreSQL"
    else
        echo "record-goldens: goldens differ from PostgreSQL (see diff above)" >&2
    fi
    exit $status
fi
echo "record-goldens: recorded ${#names[@]} goldens into $out"
