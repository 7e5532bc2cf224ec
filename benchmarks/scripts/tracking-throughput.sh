#!/usr/bin/env bash
# Tracking throughput and latency over HTTP with wrk, loopback only, bounded in time.
# Usage: benchmarks/scripts/tracking-throughput.sh [CONCURRENCY] [SECONDS]
# Environment passed to the server decides what is measured, e.g.
#   MERIDIAN_STORAGE=memory|postgres   MERIDIAN_ENRICHMENT_ENABLED=true|false   MERIDIAN_GEOIP_DB=…
# Needs app/target/meridian.jar and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
conc=${1:-64}
secs=${2:-15}
port=${MERIDIAN_PORT:-18090}
export MERIDIAN_PORT=$port
source benchmarks/scripts/server.sh
export MERIDIAN_TRACKING_ID=$tracking_id
# the User-Agent parser loads in the background: the first event waits for it; then JIT warm-up
curl -s -o /dev/null --max-time 120 -X POST "$base/api/events" -H 'Content-Type: application/json' \
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0' \
  -d "{\"websiteId\":\"$MERIDIAN_TRACKING_ID\",\"domain\":\"example.com\",\"href\":\"https://example.com/\",\"type\":\"pageview\",\"visitorId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"sessionId\":\"s$(cat /proc/sys/kernel/random/uuid)\"}"
wrk -t2 -c"$conc" -d10s -s benchmarks/scripts/track.lua "$base" >/dev/null
echo "storage=${MERIDIAN_STORAGE:-default} enrichment=${MERIDIAN_ENRICHMENT_ENABLED:-true} concurrency=$conc seconds=$secs cores=$(nproc)"
wrk -t2 -c"$conc" -d"${secs}s" --timeout 5s -s benchmarks/scripts/track.lua "$base" | grep RESULT
