#!/usr/bin/env bash
# The lab's load generator on a virtual clock: Lab 3's tables (pg_partman's
# daily partitions, http_request distributed by site_id over 32 shards),
# Lab 4's endless INSERT/COMMIT/pg_sleep loop started in a background
# session, and the clock moved N hours from the foreground. Prints the
# rows the loop wrote, their checksum (the same seed must give the same
# rows, before and after any change) and rows per second of wall time.
#
# Usage: scripts/bench-lab.sh [--hours N] [--seed N]
# Defaults: 10 virtual hours (about 290k rows), seed 7.
# CITUS_SIM_BIN=path uses an already built binary instead of building a
# release one in .build.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hours=10
seed=7
while [[ $# -gt 0 ]]; do
    case "$1" in
        --hours) hours=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        *) echo "bench-lab: unknown option $1" >&2; exit 2 ;;
    esac
done

if [[ -n "${CITUS_SIM_BIN:-}" ]]; then
    sim=$CITUS_SIM_BIN
else
    echo "== building citus-sim (release)" >&2
    (cd "$REPO" && swift build -c release --product citus-sim >&2)
    sim="$REPO/.build/release/citus-sim"
fi

work=$(mktemp -d /tmp/citus-sim-bench-lab.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
ref="$REPO/Fixtures/citus-reference"
{
    # The ready cluster has pg_partman (an older build may not).
    echo "CREATE SCHEMA IF NOT EXISTS partman;"
    echo "CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;"
    # Lab 3, with its daily pg_cron maintenance, which a day of load runs.
    cat "$ref/03a_lab3_create_tables.sql"
    cat "$ref/03b_lab3_distribute.sql"
    echo "SELECT citus_sim.start_background(\$bench\$"
    cat "$ref/04a_lab4_load_loop.sql"
    echo "\$bench\$) AS job \\gset"
    echo "SELECT pg_sleep($hours * 3600);"
    echo "\\pset tuples_only on"
    echo "\\pset format unaligned"
    echo "\\pset fieldsep ' '"
    echo "SELECT count(*), sum(hashtext(url)::bigint) FROM http_request;"
} >"$work/lab.sql"

echo "== $hours virtual hours of the lab's load loop, seed $seed" >&2
start=$(date +%s.%N)
TIMEFORMAT='%U %S'
{ time "$sim" --clock virtual=2026-12-03T18:00:00Z --seed "$seed" -X -q -v ON_ERROR_STOP=1 \
    -f "$work/lab.sql" >"$work/out.txt"; } 2>"$work/cpu.txt"
end=$(date +%s.%N)
read -r user sys < <(tail -1 "$work/cpu.txt")
read -r rows checksum < <(tail -1 "$work/out.txt")
# Wall time counts what other processes on the machine take from it; CPU
# time (user + system, every thread) is steadier for comparing builds.
awk -v r="$rows" -v c="$checksum" -v s="$start" -v e="$end" -v h="$hours" \
    -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" 'BEGIN {
    t = e - s
    printf "rows %d\nchecksum %s\nseconds %.1f\ncpu_seconds %.1f\n", r, c, t, cpu
    printf "rows_per_second %.0f\nrows_per_cpu_second %.0f\n", r / t, r / cpu
    printf "simulated_day_seconds %.1f\n", t * 24 / h }'
