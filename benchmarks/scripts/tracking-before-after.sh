#!/usr/bin/env bash
# Tracking throughput of two builds side by side: tracking-throughput.sh on BEFORE_JAR and AFTER_JAR in turn, ROUNDS
# times (before, after, before, after, …), each on a fresh server and embedded PostgreSQL, then the median of each.
# Usage: benchmarks/scripts/tracking-before-after.sh BEFORE_JAR AFTER_JAR [ROUNDS] [CONCURRENCY] [SECONDS]
#   (WARMUP=seconds of load before each measurement, default 30; MERIDIAN_PORT as for tracking-throughput.sh)
# Build a jar of another commit with: git worktree add --detach DIR COMMIT && (cd DIR && ./mvnw -q package -DskipTests -pl app -am)
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$1
after=$2
rounds=${3:-3}
conc=${4:-64}
secs=${5:-20}
export WARMUP=${WARMUP:-30}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  for side in before after; do
    jar=$before; [ "$side" = after ] && jar=$after
    # the script's own exit status is that of stopping its server: the RESULT line is what tells
    line=$(MERIDIAN_JAR=$jar benchmarks/scripts/tracking-throughput.sh "$conc" "$secs" | grep RESULT || true)
    [ -n "$line" ] || { echo "round=$round side=$side failed (is MERIDIAN_PORT=${MERIDIAN_PORT:-18090} free?)" >&2; continue; }
    echo "round=$round side=$side load=$(cut -d' ' -f1-3 /proc/loadavg) $line" | tee -a "$results"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for side in before after; do
  rps=$(grep "side=$side " "$results" | sed -E 's/.*rps=([0-9.]+).*/\1/' | median)
  cpu=$(grep "side=$side " "$results" | sed -E 's/.*cpu_ms_per_1000_events=([0-9.]+).*/\1/' | median)
  echo "MEDIAN side=$side rps=$rps cpu_ms_per_1000_events=$cpu"
done
