#!/usr/bin/env bash
# Durable tracking against in-memory tracking, side by side in one run (issue 15's table): the same jar
# (app/target/meridian.jar) with MERIDIAN_STORAGE=memory and with the embedded PostgreSQL, back to back, each on
# a fresh server and data directory, on two workloads: a new visitor every 4th event, and every event a new visitor.
# Each run: wrk from one address, rate limits off, WARMUP (default 30) seconds of load, then SECONDS measured.
# Prints, per run, events/s, p99, CPU ms per 1,000 events (server JVM + PostgreSQL) and the load average, then the
# PostgreSQL/memory ratios.
# Usage: benchmarks/scripts/durable-vs-memory.sh [CONCURRENCY] [SECONDS]   (WARMUP=seconds, default 30;
#        WORKLOADS="4 1": new visitor every n-th event, one run pair each). Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
conc=${1:-64}
secs=${2:-15}
export WARMUP=${WARMUP:-30}
field() { echo "$1" | sed -nE "s/.*$2=([0-9.]+).*/\1/p"; }
summary=()
for every in ${WORKLOADS:-4 1}; do
  declare -A rps=() p99=() cpu=()
  for storage in memory postgres; do
    line=$({ MERIDIAN_STORAGE=$storage NEW_VISITOR_EVERY=$every benchmarks/scripts/tracking-throughput.sh "$conc" "$secs" \
      || true; } | grep RESULT)
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    rps[$storage]=$(field "$line" rps); p99[$storage]=$(field "$line" p99_ms); cpu[$storage]=$(field "$line" cpu_ms_per_1000_events)
    requests=$(field "$line" requests)
    split=$(echo "scale=0; 1000000 * $(field "$line" cpu_s_server) / $requests" | bc)/$(echo "scale=0; 1000000 * $(field "$line" cpu_s_postgres) / $requests" | bc)
    printf 'new visitor every %s: %-8s events/s %6s  p99 %7s ms  cpu ms/1000 events %6s (server/postgres %s)  errors %s  load %s\n' \
      "$every" "$storage" "${rps[$storage]}" "${p99[$storage]}" "${cpu[$storage]}" "$split" "$(field "$line" non2xx_or_errors)" "$load"
  done
  summary+=("$(printf 'new visitor every %s: postgres/memory events/s %s  (memory %s, postgres %s; postgres p99 %s ms)' \
    "$every" "$(echo "scale=2; ${rps[postgres]} / ${rps[memory]}" | bc)" "${rps[memory]}" "${rps[postgres]}" "${p99[postgres]}")")
  unset rps p99 cpu
done
echo "concurrency=$conc seconds=$secs warmup=$WARMUP cores=$(nproc)"
printf '%s\n' "${summary[@]}"
