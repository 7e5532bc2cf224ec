#!/usr/bin/env bash
# Start-up time of the fat jar to the first answered request, median of RUNS runs.
# Usage: benchmarks/scripts/startup.sh [RUNS] [extra env, e.g. MERIDIAN_STORAGE=memory]
# Needs app/target/meridian.jar (./mvnw -B -DskipTests package). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
jar=app/target/meridian.jar
port=${MERIDIAN_PORT:-18180}
[ -f "$jar" ] || { echo "build $jar first: ./mvnw -B -DskipTests package" >&2; exit 1; }
times=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  start=$(date +%s%N)
  MERIDIAN_PORT=$port MERIDIAN_DATA_DIR=$data java -jar "$jar" >"$data/server.log" 2>&1 &
  pid=$!
  code=000
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/analytics/realtime/map" || true)
    [ "$code" != "000" ] && break
    sleep 0.01
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$code" = "401" ] || { echo "unexpected first answer $code; log: $data/server.log" >&2; exit 1; }
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms to the first answer (HTTP $code)"
  rm -rf "$data"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "start-up to first answered request: median ${median} ms over $runs runs ($(nproc) cores)"
