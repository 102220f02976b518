#!/usr/bin/env bash
# The benchmark: the lab's workload on citus-sim (release build, through the
# public embedding API) and on a throwaway PostgreSQL 15 in the same run,
# printed side by side with their ratio.
#
# Usage: scripts/bench.sh [--inserts N] [--rows N] [--repeat N]
# Defaults: 100,000 single-row INSERTs, 1,000,000 rows for the dashboard.
# CITUS_SIM_BIN=path uses an already built release binary instead of
# building one in .build.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
inserts=100000
rows=1000000
repeat=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --inserts) inserts=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        *) echo "bench: unknown option $1" >&2; exit 2 ;;
    esac
done

work=$(mktemp -d /tmp/citus-sim-bench.XXXXXX)
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

if [[ -n "${CITUS_SIM_BIN:-}" ]]; then
    sim=$CITUS_SIM_BIN
else
    echo "== building citus-sim (release)" >&2
    (cd "$REPO" && swift build -c release --product citus-sim >&2)
    sim="$REPO/.build/release/citus-sim"
fi

echo "== citus-sim: $inserts inserts, $rows rows" >&2
"$sim" bench --inserts "$inserts" --rows "$rows" --repeat "$repeat" \
    --csv "$work/rows.csv" >"$work/sim.txt"
chmod 644 "$work/rows.csv"

echo "== PostgreSQL 15" >&2
port=$((20000 + RANDOM % 20000))
as_server "$PG_BIN/initdb" -D "$work/data" -U postgres -E UTF8 --locale=C.UTF-8 -A trust \
    >"$work/initdb.log" 2>&1
as_server "$PG_BIN/pg_ctl" -D "$work/data" -w -l "$work/server.log" \
    -o "-p $port -k $work -c listen_addresses= -c timezone=UTC" start >/dev/null
pg() { "$PG_BIN/psql" -X -q -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
schema="DROP TABLE IF EXISTS http_request; CREATE TABLE http_request (site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(), url TEXT, request_country TEXT, ip_address TEXT, status_code INT, response_time_msec INT);"
# The lab's generator as a server-side loop, one transaction (as ../shared/bench).
loop="DO \$\$ BEGIN FOR i IN 1..$inserts LOOP INSERT INTO http_request (site_id, ingest_time, url, request_country, ip_address, status_code, response_time_msec) VALUES (trunc(random()*32), clock_timestamp(), concat('http://example.com/', md5(random()::text)), ('{China,India,USA,Indonesia}'::text[])[ceil(random()*4)], concat(trunc(random()*250 + 2), '.', trunc(random()*250 + 2), '.', trunc(random()*250 + 2), '.', trunc(random()*250 + 2)), ('{200,404}'::int[])[ceil(random()*2)], 5+trunc(random()*150)); END LOOP; END \$\$;"
dashboard=$(grep -o 'SELECT site_id.*LIMIT 15' "$REPO/Sources/citus-sim/Bench/Benchmark.swift")
pg -c "$schema" >/dev/null
loop_ms=$(pg -c '\timing on' -c "$loop" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
pg -c "$schema" -c "COPY http_request FROM '$work/rows.csv' WITH (FORMAT csv)" -c "VACUUM (ANALYZE) http_request" >/dev/null
size=$(pg -A -t -c "SELECT pg_total_relation_size('http_request')::float8 / count(*) FROM http_request")
args=(-c '\timing on')
for _ in $(seq "$repeat"); do args+=(-c "$dashboard"); done
dash_ms=$(pg "${args[@]}" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# Issue 5's budget: hll_add_agg over the same rows' hashed URLs.
hll_query=$(grep -o 'SELECT hll_cardinality.*FROM http_request' "$REPO/Sources/citus-sim/Bench/Benchmark.swift")
pg -c "CREATE EXTENSION hll" >/dev/null
args=(-c '\timing on')
for _ in $(seq "$repeat"); do args+=(-c "$hll_query"); done
hll_ms=$(pg "${args[@]}" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
hll_estimate=$(pg -A -t -c "$hll_query")

# Issue 6's budgets: the raw rows joined with 32 sites, and point lookups
# by primary key (PostgreSQL's through prepared statements in one psql,
# citus-sim's through the embedding API, each statement parsed).
sites_setup=$(grep -o 'CREATE TABLE sites.*generate_series(0, 31) i' "$REPO/Sources/citus-sim/Bench/Benchmark.swift")
join_query=$(grep -o 'SELECT s.name.*GROUP BY s.name' "$REPO/Sources/citus-sim/Bench/Benchmark.swift")
pg -c "$sites_setup" -c "ANALYZE sites" >/dev/null
args=(-c '\timing on')
for _ in $(seq "$repeat"); do args+=(-c "$join_query"); done
join_ms=$(pg "${args[@]}" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
pg -c "CREATE TABLE lookup (id bigint PRIMARY KEY, site_id int, url text)" \
   -c "INSERT INTO lookup SELECT i, i % 32, 'http://example.com/' || i FROM generate_series(1, $rows) i" \
   -c "VACUUM ANALYZE lookup" >/dev/null
lookup_us=$(pg -A -t -c "DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); k bigint := 7; u text; BEGIN FOR i IN 1..20000 LOOP k := (k * 48271) % 2147483647; SELECT url INTO u FROM lookup WHERE id = k % $rows + 1; END LOOP; RAISE NOTICE 'lookup_us %', extract(epoch FROM clock_timestamp() - t0) * 1e6 / 20000; END \$\$" 2>&1 | sed -n 's/.*lookup_us \([0-9.]*\).*/\1/p')

sim_value() { awk -v k="$1" '$1 == k {print $2}' "$work/sim.txt"; }
loop_rate=$(awk -v n="$inserts" -v ms="$loop_ms" 'BEGIN {printf "%.1f", n / (ms / 1000)}')
printf '%-44s %14s %14s %8s\n' "measurement" "citus-sim" "PostgreSQL" "ratio"
row() { # name sim pg unit higher-is-better
    awk -v n="$1" -v s="$2" -v p="$3" -v u="$4" -v hb="$5" 'BEGIN {
        r = (hb == 1) ? s / p : p / s
        printf "%-44s %14.1f %14.1f %7.2fx\n", n " (" u ")", s, p, r }'
}
row "single-row INSERT vs PL/pgSQL loop" "$(sim_value insert_single_row_rate)" "$loop_rate" "rows/s" 1
row "PL/pgSQL insert loop, both sides" "$(sim_value plpgsql_loop_rate)" "$loop_rate" "rows/s" 1
row "dashboard query, $rows rows" "$(sim_value dashboard_query)" "$dash_ms" "ms" 0
row "memory per http_request row" "$(sim_value memory_per_row)" "$size" "bytes" 0
row "hll_add_agg(hll_hash_text(url)), $rows rows" "$(sim_value hll_add_agg_query)" "$hll_ms" "ms" 0
row "join with 32 sites, grouped by site, $rows rows" "$(sim_value sites_join_query)" "$join_ms" "ms" 0
row "point lookup by bigint primary key" "$(sim_value point_lookup)" "$lookup_us" "us" 0
echo "(ratio > 1 means citus-sim is better; citus-sim bulk load $(sim_value load_rate) rows/s)"
echo "(point lookups: citus-sim parses and plans each through the API, budget 20 us; PostgreSQL's run in a PL/pgSQL loop)"
echo "(hll estimates: citus-sim $(sim_value hll_add_agg_estimate), PostgreSQL $hll_estimate)"
echo
# Issue 3's budget: the dashboard on 2 workers and 32 shards costs at most
# 1.5x the same query on one citus-sim node.
awk -v d="$(sim_value distributed_dashboard_query)" -v s="$(sim_value dashboard_query)" \
    -v l="$(sim_value distributed_load_rate)" 'BEGIN {
    printf "%-44s %14.1f %14.1f %7.2fx\n", "dashboard, 2 workers x 32 shards vs 1 node (ms)", d, s, d / s
    printf "(cost ratio, budget 1.5x; distributed load through the coordinator %.1f rows/s)\n", l }'

