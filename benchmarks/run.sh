#!/usr/bin/env bash
# The benchmark suite in one command (docs/import.md): build, start the server on embedded PostgreSQL in a
# temporary data directory (loopback only), create a website and key, generate and import N days of history
# (timed, over HTTP and with the command line), then measure tracking throughput/latency with wrk at several
# concurrencies and the realtime map's latency at several numbers of active visitors. Writes a Markdown
# report (medians, p99, the machine's cores and load) to $OUT (default docs/benchmarks/latest.md) and stdout.
#
# Usage: benchmarks/run.sh            (default: ~10 minutes on 2 cores)
# Knobs (environment): DAYS=30 PER_DAY=5000 IMPORT_RUNS=3 SECS=15 CONCURRENCIES="16 64 256"
#   ACTIVES="100 1000 10000" MAP_SECS=10 SKIP_BUILD=1 OUT=docs/benchmarks/latest.md PORT=18095
# Needs: Java 17, wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
DAYS=${DAYS:-30}
PER_DAY=${PER_DAY:-5000}
IMPORT_RUNS=${IMPORT_RUNS:-3}
SECS=${SECS:-15}
CONCURRENCIES=${CONCURRENCIES:-"16 64 256"}
ACTIVES=${ACTIVES:-"100 1000 10000"}
MAP_SECS=${MAP_SECS:-10}
OUT=${OUT:-docs/benchmarks/latest.md}
PORT=${PORT:-18095}
base="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -DskipTests package
fi
jar=app/target/meridian.jar
bench=benchmarks/target/benchmarks.jar
work=$(mktemp -d)
data="$work/data"
server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT
start_server() {
  # one load generator from a few addresses: no rate limits
  MERIDIAN_PORT=$PORT MERIDIAN_DATA_DIR=$data MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS=0 MERIDIAN_RATE_LIMIT_API_REQUESTS=0 \
    java -Xmx2g -jar "$jar" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 900); do
    [ -s "$data/admin-token" ] && curl -s -o /dev/null "$base/" && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -E "s/.*$1=([0-9.]+).*/\1/"; }

echo "generating $DAYS days x $PER_DAY visitors/day ..." >&2
java -cp "$bench" dev.meridian.benchmarks.HistoryGenerator --days "$DAYS" --visitors-per-day "$PER_DAY" --seed 1 \
  --website-domain example.com >"$work/history.ndjson"
lines=$(wc -l <"$work/history.ndjson")

start_server
token=$(cat "$data/admin-token")
new_site() {
  curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"domain":"example.com"}'
}
site=$(new_site)
website_id=$(echo "$site" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
key=$(curl -s -X POST "$base/api/v1/admin/websites/$website_id/api-keys" -H "Authorization: Bearer $token" \
  | sed -E 's/.*"key":"([^"]+)".*/\1/')

# --- import over HTTP: each run into a fresh website (the first run's website keeps the history for the map)
http_rates=()
for run in $(seq 1 "$IMPORT_RUNS"); do
  if [ "$run" = 1 ]; then k=$key; else
    s=$(new_site); w=$(echo "$s" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
    k=$(curl -s -X POST "$base/api/v1/admin/websites/$w/api-keys" -H "Authorization: Bearer $token" \
      | sed -E 's/.*"key":"([^"]+)".*/\1/')
  fi
  t0=$(date +%s.%N)
  # -T streams the file as a client of a large import would (--data-binary @file reads it all into memory first)
  answer=$(curl -s -X POST "$base/api/v1/import" -H "Authorization: Bearer $k" -H 'Expect:' \
    -H 'Content-Type: application/x-ndjson' -T "$work/history.ndjson")
  t1=$(date +%s.%N)
  echo "$answer" | grep -q '"rejected":0' || { echo "import rejected lines: ${answer:0:500}" >&2; exit 1; }
  rate=$(awk -v n="$lines" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / (b - a)}')
  echo "import over HTTP, run $run: $lines lines, $rate lines/s" >&2
  http_rates+=("$rate")
done
again=$(curl -s -X POST "$base/api/v1/import" -H "Authorization: Bearer $key" -H 'Expect:' \
  -H 'Content-Type: application/x-ndjson' -T "$work/history.ndjson")
echo "$again" | grep -q '"eventsStored":0,"paymentsStored":0' || { echo "re-import stored something: ${again:0:300}" >&2; exit 1; }

# --- tracking throughput and latency, into a website of its own (its visitors stay off the measured map)
export MERIDIAN_TRACKING_ID=$(new_site | sed -E 's/.*"trackingId":"([^"]+)".*/\1/')
wrk -t2 -c64 -d5s -s benchmarks/scripts/track.lua "$base" >/dev/null   # warm-up (JIT, User-Agent parser)
declare -A track
for c in $CONCURRENCIES; do
  track[$c]=$(wrk -t2 -c"$c" -d"${SECS}s" --timeout 5s -s benchmarks/scripts/track.lua "$base" | grep RESULT)
  echo "tracking c=$c: ${track[$c]}" >&2
done

# --- realtime map latency with ACTIVE visitors on the map (seeded through the import, timestamps in the last minute)
export MERIDIAN_API_KEY=$key
declare -A maps
seeded=0
seed=100
for a in $ACTIVES; do
  java -cp "$bench" dev.meridian.benchmarks.HistoryGenerator --active $((a - seeded)) --seed $((seed++)) \
    --website-domain example.com 2>/dev/null \
    | curl -s -o /dev/null -X POST "$base/api/v1/import" -H "Authorization: Bearer $key" \
      -H 'Content-Type: application/x-ndjson' --data-binary @-
  seeded=$a
  count=$(curl -s "$base/api/v1/analytics/realtime/map" -H "Authorization: Bearer $key" \
    | sed -E 's/^\{"status":"success","data":\{"count":([0-9]+).*/\1/')
  wrk -t1 -c1 -d2s -s benchmarks/scripts/map.lua "$base" >/dev/null
  maps[$a]="active=$count $(wrk -t1 -c1 -d"${MAP_SECS}s" -s benchmarks/scripts/map.lua "$base" | grep RESULT)"
  echo "map: ${maps[$a]}" >&2
done
stop_server

# --- import with the command line (server stopped: the CLI opens the same embedded database)
cli_rates=()
for run in $(seq 1 "$IMPORT_RUNS"); do
  start_server
  s=$(new_site); w=$(echo "$s" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
  stop_server
  out=$(MERIDIAN_DATA_DIR=$data java -Xmx2g -jar "$jar" import --website "$w" "$work/history.ndjson" 2>>"$work/cli.log")
  rate=$(echo "$out" | sed -nE 's/.* ([0-9]+) lines\/s/\1/p')
  echo "import with the CLI, run $run: $rate lines/s (import only, start-up excluded)" >&2
  cli_rates+=("$rate")
done

# --- report
{
  echo "# Benchmarks $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), shared with other work unless the load says otherwise (noisy); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Figures: medians of the import runs; one wrk run per tracking and map row (p50/p99 as wrk measured them)."
  echo "Server: \`java -Xmx2g -jar app/target/meridian.jar\`, embedded PostgreSQL (fsync on) in a temporary data directory, loopback."
  echo "Command: \`benchmarks/run.sh\` (DAYS=$DAYS PER_DAY=$PER_DAY IMPORT_RUNS=$IMPORT_RUNS SECS=$SECS)."
  echo
  echo "| import ($lines lines: $DAYS days x $PER_DAY visitors/day) | runs (lines/s) | median lines/s |"
  echo "|---|---|---|"
  echo "| \`POST /api/v1/import\` (curl, whole request) | ${http_rates[*]} | $(printf '%s\n' "${http_rates[@]}" | median) |"
  echo "| \`java -jar meridian.jar import\` (import only) | ${cli_rates[*]} | $(printf '%s\n' "${cli_rates[@]}" | median) |"
  echo
  echo "| tracking \`POST /api/events\`, ${SECS}s | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|"
  for c in $CONCURRENCIES; do
    r=${track[$c]}
    echo "| $c connections | $(echo "$r" | field rps) | $(echo "$r" | field p50_ms) | $(echo "$r" | field p99_ms) | $(echo "$r" | field non2xx_or_errors) |"
  done
  echo
  echo "| realtime map \`GET …/realtime/map\`, 1 connection, ${MAP_SECS}s | visitors on the map | requests/s | p50 ms | p99 ms |"
  echo "|---|---|---|---|---|"
  for a in $ACTIVES; do
    r=${maps[$a]}
    echo "| $a active | $(echo "$r" | field active) | $(echo "$r" | field rps) | $(echo "$r" | field p50_ms) | $(echo "$r" | field p99_ms) |"
  done
} | tee "$OUT"
