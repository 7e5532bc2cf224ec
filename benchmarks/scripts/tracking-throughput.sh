#!/usr/bin/env bash
# Tracking throughput and latency over HTTP with wrk, loopback only, bounded in time.
# Usage: benchmarks/scripts/tracking-throughput.sh [CONCURRENCY] [SECONDS]   (WARMUP=seconds, default 10)
# Environment passed to the server decides what is measured, e.g.
#   MERIDIAN_STORAGE=memory|postgres   MERIDIAN_ENRICHMENT_ENABLED=true|false
#   MERIDIAN_GEOIP_DB=adapter-geoip/src/test/resources/maxmind/GeoIP2-City-Test.mmdb (MaxMind's test database;
#   relative paths are taken from the repository root)
# MERIDIAN_JAVA_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=filename=server.jfr).
# SETUP_SQL: SQL run on the server's embedded database once it has migrated it, before the first event (e.g.
#   "drop index events_visitor_hash", as journey-index-cost.sh does; needs psql).
# Needs app/target/meridian.jar and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
conc=${1:-64}
secs=${2:-15}
port=${MERIDIAN_PORT:-18090}
export MERIDIAN_PORT=$port
source benchmarks/scripts/server.sh
if [ -n "${SETUP_SQL:-}" ]; then
  PGPASSWORD=$(cat "$data/postgres/superuser-password") psql -h 127.0.0.1 -p "$(sed -n 4p "$data/postgres/postmaster.pid")" \
    -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c "$SETUP_SQL"
fi
export MERIDIAN_TRACKING_ID=$tracking_id
# the User-Agent parser loads in the background: the first event waits for it; then JIT warm-up
curl -s -o /dev/null --max-time 120 -X POST "$base/api/events" -H 'Content-Type: application/json' \
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0' \
  -d "{\"websiteId\":\"$MERIDIAN_TRACKING_ID\",\"domain\":\"example.com\",\"href\":\"https://example.com/\",\"type\":\"pageview\",\"visitorId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"sessionId\":\"s$(cat /proc/sys/kernel/random/uuid)\"}"
wrk -t2 -c"$conc" -d"${WARMUP:-10}s" -s benchmarks/scripts/track.lua "$base" >/dev/null
echo "storage=${MERIDIAN_STORAGE:-default} enrichment=${MERIDIAN_ENRICHMENT_ENABLED:-true} concurrency=$conc seconds=$secs cores=$(nproc)"
# CPU seconds (user+system) of the server JVM and of its embedded PostgreSQL (postmaster and backends): what
# one event costs, which a machine shared with other work does not distort as much as events/s
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{s+=$14+$15} END {printf "%.2f", s/t}' "$@" 2>/dev/null || echo 0; }
pg_stats() {
  local pm; pm=$(head -1 "$data/postgres/postmaster.pid" 2>/dev/null || true)
  [ -n "$pm" ] || { echo /dev/null; return; }
  echo "/proc/$pm/stat"; for c in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do echo "/proc/$c/stat"; done
}
# context switches of the server's threads (voluntary: a thread parked or waited; nonvoluntary: preempted)
switches_of() { awk '/^voluntary_ctxt_switches/ {v+=$2} /^nonvoluntary_ctxt_switches/ {n+=$2} END {print v+0, n+0}' \
  /proc/"$1"/task/*/status 2>/dev/null || echo "0 0"; }
server_before=$(cpu_of /proc/$server_pid/stat); pg_before=$(cpu_of $(pg_stats)); read -r vol_before invol_before < <(switches_of "$server_pid")
result=$(wrk -t2 -c"$conc" -d"${secs}s" --timeout 5s -s benchmarks/scripts/track.lua "$base" | grep RESULT)
server_after=$(cpu_of /proc/$server_pid/stat); pg_after=$(cpu_of $(pg_stats)); read -r vol_after invol_after < <(switches_of "$server_pid")
requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
echo "$result cpu_s_server=$(echo "$server_after - $server_before" | bc) cpu_s_postgres=$(echo "$pg_after - $pg_before" | bc) \
cpu_ms_per_1000_events=$(echo "scale=1; 1000000 * ($server_after - $server_before + $pg_after - $pg_before) / $requests" | bc) \
server_switches_per_1000_events=$(( 1000 * (vol_after - vol_before) / requests ))/$(( 1000 * (invol_after - invol_before) / requests ))"
