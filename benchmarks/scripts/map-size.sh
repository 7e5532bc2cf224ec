#!/usr/bin/env bash
# Size of the realtime map's JSON with ACTIVE visitors (one pageview each, posted to the public endpoint from
# loopback): the default map (limit 1,000), limit=10000 (every visitor listed: what the map answered before it had
# a limit) and limit=100, each with the count it reports.
# Usage: benchmarks/scripts/map-size.sh [ACTIVE]   (needs app/target/meridian.jar; server env as for
# tracking-throughput.sh, e.g. MERIDIAN_STORAGE=memory)
set -euo pipefail
cd "$(dirname "$0")/../.."
active=${1:-2500}
port=${MERIDIAN_PORT:-18093}
export MERIDIAN_PORT=$port
source benchmarks/scripts/server.sh
ua='Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
seq 1 "$active" | xargs -P 8 -I{} sh -c "curl -s -o /dev/null -X POST '$base/api/events' \
  -H 'Content-Type: application/json' -H 'User-Agent: $ua' -H 'X-Forwarded-For: 81.2.69.160' \
  -d \"{\\\"websiteId\\\":\\\"$tracking_id\\\",\\\"domain\\\":\\\"example.com\\\",\\\"href\\\":\\\"https://example.com/p/{}?utm_source=news&utm_campaign=spring\\\",\\\"referrer\\\":\\\"https://news.ycombinator.com/item?id={}\\\",\\\"type\\\":\\\"pageview\\\",\\\"visitorId\\\":\\\"\$(cat /proc/sys/kernel/random/uuid)\\\",\\\"sessionId\\\":\\\"s\$(cat /proc/sys/kernel/random/uuid)\\\"}\""
for query in "" "?limit=10000" "?limit=100"; do
  body=$(curl -s "$base/api/v1/analytics/realtime/map$query" -H "Authorization: Bearer $api_key")
  count=$(echo "$body" | sed -E 's/^\{"status":"success","data":\{"count":([0-9]+).*/\1/')
  listed=$(echo "$body" | grep -o '"sessionStartTime"' | wc -l) # a field of listed visitors only
  echo "active=$active query='${query:-(default)}' count=$count visitors_listed=$listed bytes=$(printf %s "$body" | wc -c) storage=${MERIDIAN_STORAGE:-default}"
done
