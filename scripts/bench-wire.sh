#!/usr/bin/env bash
# Issue 7's benchmark: pgbench over 8 loopback TCP connections against
# `citus-sim serve` (release build) and against a throwaway PostgreSQL 15
# started in the same run, printed side by side with their ratio.
#
#   select-only  pgbench's built-in select-only script (-S) on pgbench's
#                tables, created as `pgbench -i` creates them but without
#                WITH (fillfactor=100) and filled by `pgbench -i -I gp -s
#                SCALE` (client-side COPY, then primary keys; no VACUUM) on
#                both servers, since citus-sim takes neither storage
#                parameters nor VACUUM yet (TODO(#7))
#   lab insert   Tests/Clients/lab_insert.sql, the lab's INSERT, on Lab 3's
#                tables (03a_lab3_create_tables.sql: pg_partman's daily
#                partitions, pg_cron's schedule); citus-sim also runs
#                03b_lab3_distribute.sql, so its http_request is distributed
#                by site_id over 32 shards (PostgreSQL has no Citus here)
#
# Each workload runs in pgbench's simple and prepared query modes. TPS is
# what pgbench reports (without initial connection time); after each insert
# run count(*) must equal the transactions pgbench processed.
#
# Usage: scripts/bench-wire.sh [--seconds N] [--scale N] [--clients N]
# Defaults: 10 seconds per run, scale 1, 8 clients (2 pgbench threads).
# CITUS_SIM_BIN=path uses an already built binary instead of building a
# release one in .build. PostgreSQL runs with its default settings.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=10
scale=1
clients=8
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --scale) scale=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        *) echo "bench-wire: unknown option $1" >&2; exit 2 ;;
    esac
done

if [[ -n "${CITUS_SIM_BIN:-}" ]]; then
    sim=$CITUS_SIM_BIN
else
    echo "== building citus-sim (release)" >&2
    (cd "$REPO" && swift build -c release --product citus-sim >&2)
    sim="$REPO/.build/release/citus-sim"
fi

work=$(mktemp -d /tmp/citus-sim-bench-wire.XXXXXX)
chmod 755 "$work"
as_server() { (cd "$work" && "$@"); }
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$work"
    as_server() { (cd "$work" && runuser -u postgres -- "$@"); }
fi
sim_pid=
cleanup() {
    if [[ -n "$sim_pid" ]]; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    if [[ -f "$work/data/postmaster.pid" ]]; then
        as_server "$PG_BIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Clients see neither the caller's PG* settings nor its locale.
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGOPTIONS
export LC_ALL=C.UTF-8
ref="$REPO/Fixtures/citus-reference"
insert_script="$REPO/Tests/Clients/lab_insert.sql"

# Waits until a server accepts connections on port $1.
wait_ready() {
    for _ in $(seq 300); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U postgres; then return 0; fi
        sleep 0.1
    done
    echo "bench-wire: no server on port $1" >&2
    return 1
}

# psql on port $1 against database citus; the rest are psql's arguments.
sql() {
    local port=$1
    shift
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d citus "$@"
}

# One pgbench run on port $1 with the rest of the arguments; prints
# "TPS PROCESSED".
bench() {
    local port=$1
    shift
    local out
    out=$("$PG_BIN/pgbench" -n -c "$clients" -j 2 -T "$seconds" -h 127.0.0.1 -p "$port" \
        -U postgres "$@" citus 2>&1) || { echo "$out" >&2; return 1; }
    local tps processed
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
    processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' \
        <<<"$out")
    echo "$tps $processed"
}

# pgbench -i's tables (pgbench 15's columns), without storage parameters.
pgbench_tables="CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int,
    mtime timestamp, filler char(22));
CREATE TABLE pgbench_tellers (tid int not null, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int not null, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_branches (bid int not null, bbalance int, filler char(88));"

# Runs every workload against the server on port $1, whose label is $2,
# appending "label workload mode tps" lines to $work/results.
run_workloads() {
    local port=$1 label=$2
    echo "== $label: pgbench -i -I gp -s $scale" >&2
    sql "$port" -c "$pgbench_tables" >/dev/null
    "$PG_BIN/pgbench" -i -I gp -q -s "$scale" -h 127.0.0.1 -p "$port" -U postgres citus \
        >"$work/$label-init.log" 2>&1 || { cat "$work/$label-init.log" >&2; return 1; }
    local accounts
    accounts=$(sql "$port" -A -t -c "SELECT count(*) FROM pgbench_accounts")
    if [[ "$accounts" != "$((scale * 100000))" ]]; then
        echo "bench-wire: $label has $accounts pgbench_accounts rows" >&2
        return 1
    fi
    for mode in simple prepared; do
        echo "== $label: select-only, $mode, $clients clients, ${seconds}s" >&2
        read -r tps _ < <(bench "$port" -S -M "$mode")
        echo "$label select-only $mode $tps" >>"$work/results"
    done
    for mode in simple prepared; do
        echo "== $label: lab insert, $mode, $clients clients, ${seconds}s" >&2
        sql "$port" -c "TRUNCATE http_request" >/dev/null
        local tps processed count
        read -r tps processed < <(bench "$port" -f "$insert_script" -M "$mode")
        count=$(sql "$port" -A -t -c "SELECT count(*) FROM http_request")
        if [[ "$count" != "$processed" ]]; then
            echo "bench-wire: $label has $count rows after $processed transactions" >&2
            return 1
        fi
        echo "$label lab-insert $mode $tps" >>"$work/results"
    done
}

# citus-sim: the lab's cluster (coordinator and 2 workers), Lab 3's tables
# distributed.
sim_port=$((20000 + RANDOM % 20000))
"$sim" serve --port "$sim_port" --socket-dir "" >"$work/sim.log" 2>&1 &
sim_pid=$!
wait_ready "$sim_port"
sql "$sim_port" -f "$ref/03a_lab3_create_tables.sql" -f "$ref/03b_lab3_distribute.sql" \
    >/dev/null
run_workloads "$sim_port" citus-sim
kill "$sim_pid"
wait "$sim_pid" || true
sim_pid=

# PostgreSQL 15 with pg_partman and pg_cron, as Lab 3 sets them up.
pg_port=$((20000 + RANDOM % 20000))
while [[ $pg_port -eq $sim_port ]]; do pg_port=$((20000 + RANDOM % 20000)); done
as_server "$PG_BIN/initdb" -D "$work/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust \
    >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
settings="-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c timezone=UTC"
settings+=" -c shared_preload_libraries=pg_cron -c cron.database_name=citus"
as_server "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/server.log" -o "$settings" start \
    >/dev/null || { cat "$work/server.log" >&2; exit 1; }
"$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'CREATE DATABASE citus'
sql "$pg_port" -c 'CREATE SCHEMA partman' -c 'CREATE EXTENSION pg_partman SCHEMA partman' \
    -c 'CREATE EXTENSION pg_cron' >/dev/null
sql "$pg_port" -f "$ref/03a_lab3_create_tables.sql" >/dev/null
run_workloads "$pg_port" postgresql

# Side by side.
tps_of() {
    awk -v l="$1" -v w="$2" -v m="$3" '$1 == l && $2 == w && $3 == m {print $4}' \
        "$work/results"
}
echo "PostgreSQL: $("$PG_BIN/postgres" --version); citus-sim: $sim"
echo "pgbench -c $clients -j 2 -T $seconds over 127.0.0.1; select-only at scale $scale"
printf '%-12s %-9s %14s %14s %8s\n' workload mode "citus-sim tps" "PostgreSQL tps" ratio
for workload in select-only lab-insert; do
    for mode in simple prepared; do
        s=$(tps_of citus-sim "$workload" "$mode")
        p=$(tps_of postgresql "$workload" "$mode")
        printf '%-12s %-9s %14.0f %14.0f %7.2fx\n' "$workload" "$mode" "$s" "$p" \
            "$(awk -v s="$s" -v p="$p" 'BEGIN {print s / p}')"
    done
done
