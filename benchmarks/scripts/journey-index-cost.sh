#!/usr/bin/env bash
# What the journey's index costs tracking (issue 18: at most 5 %): the tracking workload of tracking-throughput.sh
# (wrk, CONCURRENCY connections, track.lua's pageviews, embedded PostgreSQL, enrichment on) on one jar, ROUNDS times
# with the event log's index events_visitor_hash (V13) as the migrations made it and with it dropped right after
# them (SETUP_SQL, psql), alternating (with, without, with, without, …; each run a fresh server and database), WARMUP
# (default 30) seconds of load before SECONDS measured. Prints each run's events/s, p99 and CPU ms per 1,000 events
# (server JVM + PostgreSQL), then the medians and their ratios (without / with).
# Usage: benchmarks/scripts/journey-index-cost.sh [ROUNDS] [CONCURRENCY] [SECONDS]
#   (MERIDIAN_JAR to run another jar, MERIDIAN_PORT and NEW_VISITOR_EVERY as for tracking-throughput.sh;
#   INDEX=name to drop another index of V8 or later instead, e.g. a narrower one of the same events;
#   WITHOUT_SQL=statements for the "without" side instead of dropping the index, e.g. V13's visitor hour count
#   triggers and the journey's index together: see docs/benchmarks/visitors.md)
# Needs app/target/meridian.jar, wrk and psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
conc=${2:-64}
secs=${3:-20}
index=${INDEX:-events_visitor_hash}
without_sql=${WITHOUT_SQL:-drop index $index}
export WARMUP=${WARMUP:-30}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  for side in with without; do
    sql=""; [ "$side" = without ] && sql=$without_sql
    # the script's own exit status is that of stopping its server: the RESULT line is what tells
    line=$(SETUP_SQL=$sql benchmarks/scripts/tracking-throughput.sh "$conc" "$secs" | grep RESULT || true)
    [ -n "$line" ] || { echo "round=$round side=$side failed (is MERIDIAN_PORT=${MERIDIAN_PORT:-18090} free?)" >&2; continue; }
    echo "round=$round side=$side index=$index load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,) $line" | tee -a "$results"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
field() { grep "side=$1 " "$results" | sed -E "s/.* $2=([0-9.]+).*/\1/" | median; }
for side in with without; do
  echo "MEDIAN side=$side rps=$(field "$side" rps) p99_ms=$(field "$side" p99_ms) \
cpu_ms_per_1000_events=$(field "$side" cpu_ms_per_1000_events)"
done
awk -v a="$(field with rps)" -v b="$(field without rps)" -v c="$(field with cpu_ms_per_1000_events)" \
  -v d="$(field without cpu_ms_per_1000_events)" 'BEGIN {
  printf "RATIO rps_with/without=%.3f (%+.1f %%) cpu_per_event_with/without=%.3f (%+.1f %%)\n", a / b, 100 * (a / b - 1), c / d, 100 * (c / d - 1) }'
