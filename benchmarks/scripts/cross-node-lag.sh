#!/usr/bin/env bash
# Cross-node live-map lag (docs/benchmarks/scale-out.md): two nodes of app/target/meridian.jar on one PostgreSQL
# (node A's embedded one, which node B reaches as an external database), a stream on B, pageviews POSTed to A.
# Usage: benchmarks/scripts/cross-node-lag.sh [EVENTS] [GAP_MS] [WARMUP]   (from a build: ./mvnw -B package)
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-100}
gap=${2:-600}
warmup=${3:-30}
port_a=${PORT_A:-18111}
port_b=${PORT_B:-18112}
db_port=${DB_PORT:-15441}
token=dft_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
export MERIDIAN_ADMIN_TOKEN=$token MERIDIAN_ENRICHMENT_ENABLED=false
export MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS=0 MERIDIAN_RATE_LIMIT_API_REQUESTS=0

await() { # port log pid
  for _ in $(seq 1 1800); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    kill -0 "$3" 2>/dev/null || { echo "node on port $1 exited; log: $2" >&2; tail -5 "$2" >&2; exit 1; }
    sleep 0.1
  done
  echo "node on port $1 did not start; log: $2" >&2; exit 1
}
mkdir -p "$work/a" "$work/b"
MERIDIAN_PORT=$port_a MERIDIAN_DATA_DIR=$work/a MERIDIAN_DB_EMBEDDED_PORT=$db_port \
  java -Xmx512m -jar app/target/meridian.jar >"$work/a.log" 2>&1 &
pids+=($!)
await "$port_a" "$work/a.log" "$!"
MERIDIAN_PORT=$port_b MERIDIAN_DATA_DIR=$work/b MERIDIAN_DB_URL="jdbc:postgresql://localhost:$db_port/postgres?loginTimeout=20&connectTimeout=20" \
  MERIDIAN_DB_USER=postgres MERIDIAN_DB_PASSWORD="$(cat "$work/a/postgres/superuser-password")" \
  java -Xmx512m -jar app/target/meridian.jar >"$work/b.log" 2>&1 &
pids+=($!)
await "$port_b" "$work/b.log" "$!"
site=$(curl -s -X POST "http://127.0.0.1:$port_a/api/v1/admin/websites" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"domain":"lag.example"}')
website_id=$(echo "$site" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
tracking_id=$(echo "$site" | sed -E 's/.*"trackingId":"([^"]+)".*/\1/')
java benchmarks/scripts/CrossNodeLag.java "http://127.0.0.1:$port_a" "http://127.0.0.1:$port_b" "$token" \
  "$website_id" "$tracking_id" "$events" "$gap" "$warmup"
