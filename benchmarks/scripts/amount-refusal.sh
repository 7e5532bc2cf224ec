#!/usr/bin/env bash
# Time to refuse an amount with a huge exponent (POST /api/v1/payments, 400 naming amount), as a string and as a
# JSON number, against a valid payment's time. The three requests are sent in turn (so a load peak of a shared
# machine hits them alike), WARMUP rounds first, then RUNS timed rounds with curl's time_total; prints the median
# and the 95th percentile of each in milliseconds.
# Usage: benchmarks/scripts/amount-refusal.sh [RUNS] [WARMUP]   (needs app/target/meridian.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-200}
warmup=${2:-200}
port=${MERIDIAN_PORT:-18094}
export MERIDIAN_PORT=$port
source benchmarks/scripts/server.sh
labels=(exponent-string exponent-number valid-payment)
templates=('{"amount":"1E-500000000","currency":"USD","transaction_id":"TX"}'
           '{"amount":1E-500000000,"currency":"USD","transaction_id":"TX"}'
           '{"amount":"49.99","currency":"USD","transaction_id":"TX"}')
expected=(400 400 200)
times=$(mktemp)
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null; rm -rf "$data" "$times"' EXIT
for i in $(seq 1 $((warmup + runs))); do
  for k in 0 1 2; do
    read -r status t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST "$base/api/v1/payments" \
      -H "Authorization: Bearer $api_key" -H 'Content-Type: application/json' \
      -d "${templates[$k]//TX/${labels[$k]}-$i}")
    [ "$status" = "${expected[$k]}" ] || { echo "${labels[$k]}: expected ${expected[$k]}, got $status" >&2; exit 1; }
    [ "$i" -gt "$warmup" ] && echo "${labels[$k]} $t" >>"$times"
  done
done
for label in "${labels[@]}"; do
  grep "^$label " "$times" | cut -d' ' -f2 | sort -n | awk -v label="$label" '{v[NR]=$1} END {
    printf "%-28s median %.2f ms  p95 %.2f ms  (%d runs)\n", label, v[int((NR+1)/2)]*1000, v[int(NR*0.95)]*1000, NR}'
done
echo "storage=${MERIDIAN_STORAGE:-default} cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
