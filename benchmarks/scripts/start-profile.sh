#!/usr/bin/env bash
# One start of the server, profiled: launch → first answer → first tracked event (a website created on a fresh data
# directory, one POST /api/events with a Chrome User-Agent), the server's log at DEBUG for Meridian's own classes (the
# phases of a start with their times: the ready-made cluster's fingerprint and unpack, its early preparation, the sync,
# the password in single-user mode, zonky's start of PostgreSQL, the storage's open), and, when the event is answered,
# the CPU time of each of the server JVM's threads (/proc/PID/task/*/stat; threads that have ended by then, such as the
# parser's loader and the storage's opener, are the process's total minus the live ones) and of its ended child
# processes (tar, initdb --sync-only, postgres --single: /proc/PID/stat's cutime + cstime).
#
# Usage: benchmarks/scripts/start-profile.sh [LAUNCHER] [OUTPUT-DIR]
#   LAUNCHER: an executable that runs the server (default app/target/meridian); OUTPUT-DIR (default a new temporary
#   directory) gets data/ (a fresh data directory unless it exists already: then a warm start), log, threads, times.
# Port MERIDIAN_PORT (18180). Needs curl. See docs/benchmarks/startup.md, section 11.
set -uo pipefail
cd "$(dirname "$0")/../.."
launcher=${1:-app/target/meridian}
out=${2:-$(mktemp -d)}
port=${MERIDIAN_PORT:-18180}
base="http://127.0.0.1:$port"
user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
hz=$(getconf CLK_TCK)
mkdir -p "$out/data"
fresh=yes
[ -f "$out/data/tracking-id" ] && fresh=no
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
start=$(now_ms)
echo "launch $(date +%H:%M:%S.%3N) (fresh data directory: $fresh)" >"$out/times"
LOGGER_LEVELS_DEV_MERIDIAN=DEBUG MERIDIAN_PORT=$port MERIDIAN_DATA_DIR="$out/data" "$launcher" >>"$out/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 12000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/analytics/realtime/map")" != 000 ] && break
  sleep 0.01
done
echo "first answer $(( $(now_ms) - start )) ms" >>"$out/times"
if [ $fresh = yes ]; then
  curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $(cat "$out/data/admin-token")" \
    -H 'Content-Type: application/json' -d '{"domain":"example.com"}' >"$out/website"
  sed -n 's/.*"trackingId":"\([^"]*\)".*/\1/p' "$out/website" >"$out/data/tracking-id"
fi
curl -s -X POST "$base/api/events" -H 'Content-Type: application/json' -H "User-Agent: $user_agent" \
  -d "{\"websiteId\":\"$(cat "$out/data/tracking-id")\",\"domain\":\"example.com\",\"href\":\"https://example.com/p\",
       \"type\":\"pageview\",\"visitorId\":\"$(cat /proc/sys/kernel/random/uuid)\",
       \"sessionId\":\"s$(cat /proc/sys/kernel/random/uuid)\"}" >"$out/event"
grep -q '"eventId"' "$out/event" || echo "the event was not tracked: $(cat "$out/event")" >>"$out/times"
echo "first tracked event $(( $(now_ms) - start )) ms" >>"$out/times"
# field 2 (the name) may hold spaces: the fields after it are counted from the last ')'
cpu() { awk -v hz="$hz" -v f="$2" '{ rest = substr($0, index($0, ") ") + 2); split(rest, a, " ");
  name = substr($0, index($0, "(") + 1); name = substr(name, 1, index(name, ") ") - 1);
  printf "%6d ms %s\n", (a[f] + a[f + 1]) * 1000 / hz, name }' "$1"; }
for task in /proc/$pid/task/*; do cpu "$task/stat" 12 2>/dev/null; done | sort -rn >"$out/threads"
total=$(cpu /proc/$pid/stat 12 | awk '{print $1}')
live=$(awk '{s += $1} END {print s}' "$out/threads")
{
  echo "server JVM CPU $total ms: live threads $live ms, ended threads $((total - live)) ms"
  echo "ended child processes (tar, initdb, postgres --single) $(cpu /proc/$pid/stat 14 | awk '{print $1}') ms"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$out/times"
kill $pid; wait $pid 2>/dev/null
trap - EXIT
cat "$out/times"; echo "threads (CPU by the event): $out/threads; log: $out/log"
