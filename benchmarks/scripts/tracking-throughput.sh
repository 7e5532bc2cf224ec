#!/usr/bin/env bash
# Tracking throughput and latency over HTTP with wrk, loopback only, bounded in time.
# Usage: benchmarks/scripts/tracking-throughput.sh [CONCURRENCY] [SECONDS]
# Environment passed to the server decides what is measured, e.g.
#   MERIDIAN_STORAGE=memory|postgres   MERIDIAN_ENRICHMENT_ENABLED=true|false   MERIDIAN_GEOIP_DB=…
# MERIDIAN_JAVA_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=filename=/tmp/t.jfr).
# Needs app/target/meridian.jar and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
conc=${1:-64}
secs=${2:-15}
port=${MERIDIAN_PORT:-18090}
data=$(mktemp -d)
export MERIDIAN_PORT=$port MERIDIAN_DATA_DIR=$data
java -Xmx2g ${MERIDIAN_JAVA_OPTS:-} -jar app/target/meridian.jar >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do
  [ -s "$data/admin-token" ] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
token=$(cat "$data/admin-token")
site=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/admin/websites" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"domain":"example.com"}')
export MERIDIAN_TRACKING_ID=$(echo "$site" | sed -E 's/.*"trackingId":"([^"]+)".*/\1/')
# warm-up: the User-Agent parser loads in the background; JIT
wrk -t2 -c"$conc" -d5s -s benchmarks/scripts/track.lua "http://127.0.0.1:$port" >/dev/null
echo "storage=${MERIDIAN_STORAGE:-default} enrichment=${MERIDIAN_ENRICHMENT_ENABLED:-true} concurrency=$conc seconds=$secs cores=$(nproc)"
# CPU seconds (user+system) of the server JVM and of its embedded PostgreSQL (postmaster and backends): what
# one event costs, which a machine shared with other work does not distort as much as events/s
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{s+=$14+$15} END {printf "%.2f", s/t}' "$@" 2>/dev/null || echo 0; }
pg_stats() {
  local pm; pm=$(head -1 "$data/postgres/postmaster.pid" 2>/dev/null || true)
  [ -n "$pm" ] || { echo /dev/null; return; }
  echo "/proc/$pm/stat"; for c in $(cat /proc/"$pm"/task/*/children 2>/dev/null); do echo "/proc/$c/stat"; done
}
server_before=$(cpu_of /proc/$pid/stat); pg_before=$(cpu_of $(pg_stats))
result=$(wrk -t2 -c"$conc" -d"${secs}s" --timeout 5s -s benchmarks/scripts/track.lua "http://127.0.0.1:$port" | grep RESULT)
server_after=$(cpu_of /proc/$pid/stat); pg_after=$(cpu_of $(pg_stats))
requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
echo "$result cpu_s_server=$(echo "$server_after - $server_before" | bc) cpu_s_postgres=$(echo "$pg_after - $pg_before" | bc) \
cpu_ms_per_1000_events=$(echo "scale=1; 1000000 * ($server_after - $server_before + $pg_after - $pg_before) / $requests" | bc)"

