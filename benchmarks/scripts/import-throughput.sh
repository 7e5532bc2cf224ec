#!/usr/bin/env bash
# Import throughput over HTTP into one running server on embedded PostgreSQL, loopback only: RUNS imports of the
# same NDJSON file, each into a fresh website (so each stores everything), timed by the client.
# Usage: benchmarks/scripts/import-throughput.sh FILE [RUNS]   (default 5 runs; the first one also warms the JIT)
# Make a file with the generator, e.g. 30 days x 5,000 visitors a day (459,449 lines):
#   java -cp benchmarks/target/benchmarks.jar dev.meridian.benchmarks.HistoryGenerator --days 30 \
#     --visitors-per-day 5000 --seed 1 --website-domain example.com > history.ndjson
# Needs app/target/meridian.jar. MERIDIAN_PORT (default 18096), MERIDIAN_JAVA_OPTS as for server.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
file=${1:?usage: import-throughput.sh FILE [RUNS]}
runs=${2:-5}
export MERIDIAN_PORT=${MERIDIAN_PORT:-18096}
source benchmarks/scripts/server.sh
lines=$(wc -l <"$file")
echo "import of $lines lines over HTTP, $runs runs, cores=$(nproc)"
for run in $(seq 1 "$runs"); do
  site=$(curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"domain":"example.com"}')
  w=$(echo "$site" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
  t0=$(date +%s.%N)
  # -T streams the file (--data-binary @file would read it all into curl's memory first)
  answer=$(curl -s -X POST "$base/api/v1/import?websiteId=$w" -H "Authorization: Bearer $token" -H 'Expect:' \
    -H 'Content-Type: application/x-ndjson' -T "$file")
  t1=$(date +%s.%N)
  echo "$answer" | grep -q '"rejected":0' || { echo "import rejected lines: ${answer:0:300}" >&2; exit 1; }
  echo "RESULT run=$run lines_per_s=$(awk -v n="$lines" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / (b - a)}')"
done
