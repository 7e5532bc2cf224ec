#!/usr/bin/env bash
# Realtime map latency over HTTP: seeds ACTIVE visitors (one pageview each, loopback), then measures
# GET /api/v1/analytics/realtime/map with wrk at concurrency 1 for SECONDS.
# Usage: benchmarks/scripts/map-latency.sh [ACTIVE] [SECONDS] [HISTORY]   (server env as for tracking-throughput.sh)
# HISTORY (PostgreSQL only): that many historical visitors (last pageview 1-90 days ago) are bulk-loaded by COPY
# into the server's embedded database first; needs the adapter's test classpath:
#   ./mvnw -B -q -pl adapter-postgres -am test-compile dependency:build-classpath \
#       -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
set -euo pipefail
cd "$(dirname "$0")/../.."
active=${1:-1000}
secs=${2:-10}
history=${3:-0}
db_port=${MERIDIAN_DB_EMBEDDED_PORT:-15433}
port=${MERIDIAN_PORT:-18091}
export MERIDIAN_PORT=$port MERIDIAN_DB_EMBEDDED_PORT=$db_port
source benchmarks/scripts/server.sh
export MERIDIAN_API_KEY=$api_key
if [ "$history" -gt 0 ]; then
  java -cp "adapter-postgres/target/test-classes:adapter-postgres/target/classes:$(cat adapter-postgres/target/bench.cp)" \
    dev.meridian.postgres.bench.HistoryLoader "jdbc:postgresql://localhost:$db_port/postgres" "$website_id" "$history" \
    "$(cat "$data/postgres/superuser-password")"
fi
ua='Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
seq 1 "$active" | xargs -P 8 -I{} sh -c "curl -s -o /dev/null -X POST '$base/api/events' \
  -H 'Content-Type: application/json' -H 'User-Agent: $ua' -H 'X-Forwarded-For: 81.2.69.160' \
  -d \"{\\\"websiteId\\\":\\\"$tracking_id\\\",\\\"domain\\\":\\\"example.com\\\",\\\"href\\\":\\\"https://example.com/p/{}\\\",\\\"type\\\":\\\"pageview\\\",\\\"visitorId\\\":\\\"\$(cat /proc/sys/kernel/random/uuid)\\\",\\\"sessionId\\\":\\\"s\$(cat /proc/sys/kernel/random/uuid)\\\"}\""
count=$(curl -s "$base/api/v1/analytics/realtime/map" -H "Authorization: Bearer $MERIDIAN_API_KEY" \
  | sed -E 's/^\{"status":"success","data":\{"count":([0-9]+).*/\1/')
[ "$count" = "$active" ] || { echo "expected $active active visitors, the map shows $count" >&2; exit 1; }
wrk -t1 -c1 -d3s -s benchmarks/scripts/map.lua "$base" >/dev/null
echo "storage=${MERIDIAN_STORAGE:-default} active=$active history=$history bytes=$(curl -s "$base/api/v1/analytics/realtime/map" -H "Authorization: Bearer $MERIDIAN_API_KEY" | wc -c) cores=$(nproc)"
wrk -t1 -c1 -d"${secs}s" -s benchmarks/scripts/map.lua "$base" | grep RESULT
