#!/usr/bin/env bash
# The cold-start curve: tracked events/s in each 5 s of the first 60 s after launching the server (a fresh
# data directory), under the load of durable-vs-memory.sh (wrk, 64 connections, one address, rate limits off,
# a new visitor every 4th event). Seconds before the server answers count as 0 events/s.
# Usage: benchmarks/scripts/cold-start-curve.sh [CONCURRENCY]
#   LAUNCHER=jar (default: java -jar app/target/meridian.jar) or LAUNCHER=script (app/target/meridian, the launcher
#   with the class-data sharing archive); MERIDIAN_JAVA_OPTS: extra JVM options, e.g. tiered-compilation settings (the launcher gets them in JDK_JAVA_OPTIONS);
#   MERIDIAN_STORAGE as for the server (default postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
conc=${1:-64}
port=${MERIDIAN_PORT:-18090}
export MERIDIAN_PORT=$port NEW_VISITOR_EVERY=${NEW_VISITOR_EVERY:-4}
data=$(mktemp -d)
export MERIDIAN_DATA_DIR=$data MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS=0 MERIDIAN_RATE_LIMIT_API_REQUESTS=0
start=$(date +%s%N)
if [ "${LAUNCHER:-jar}" = script ]; then
  JDK_JAVA_OPTIONS="-Xmx2g ${MERIDIAN_JAVA_OPTS:-}" app/target/meridian >"$data/server.log" 2>&1 &
else
  java -Xmx2g ${MERIDIAN_JAVA_OPTS:-} -jar app/target/meridian.jar >"$data/server.log" 2>&1 &
fi
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
elapsed() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
until [ -s "$data/admin-token" ] && curl -s -o /dev/null "$base/"; do
  kill -0 $server_pid 2>/dev/null || { echo "the server did not start; log: $data/server.log" >&2; exit 1; }
  [ "$(elapsed)" -lt 60000 ] || { echo "not up within 60 s" >&2; exit 1; }
  sleep 0.05
done
up=$(elapsed)
token=$(cat "$data/admin-token")
site=$(curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"domain":"example.com"}')
export MERIDIAN_TRACKING_ID=$(echo "$site" | sed -E 's/.*"trackingId":"([^"]+)".*/\1/')
echo "launcher=${LAUNCHER:-jar} storage=${MERIDIAN_STORAGE:-postgres} opts='${MERIDIAN_JAVA_OPTS:-}' answering after ${up} ms load $(cut -d' ' -f1-3 /proc/loadavg)"
# every 5 s window from launch: wrk runs to the window's end; events of a window started before the server
# answered are spread over the whole window
for w in $(seq 5 5 60); do
  now=$(elapsed)
  left=$(( w * 1000 - now ))
  if [ "$left" -le 200 ]; then
    echo "t=$((w - 5))-${w}s events/s 0"
    continue
  fi
  n=$(wrk -t2 -c"$conc" -d"$(( left / 1000 ))s" --timeout 5s -s benchmarks/scripts/track.lua "$base" \
    | sed -nE 's/.*requests=([0-9]+).*/\1/p')
  # wrk takes whole seconds: the rest of the window is idle and counted
  sleep "$(echo "scale=3; ($w * 1000 - $(elapsed)) / 1000" | bc | sed 's/^-.*/0/')"
  echo "t=$((w - 5))-${w}s events/s $(( n / 5 ))"
done
