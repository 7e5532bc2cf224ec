#!/usr/bin/env bash
# Start-up of the fat jar, medians of RUNS runs per figure:
#   - launch → first answer of any route (GET /api/v1/analytics/realtime/map answered 401), fresh data directory;
#   - launch → first tracked event: a real POST /api/events (a Chrome User-Agent, so the User-Agent parser runs)
#     answered 200 with an eventId, read back afterwards from the realtime map, whose entry for that visitor must say
#     browser Chrome (classified, not unknown); with a fresh data directory (the embedded PostgreSQL runs initdb; the
#     website is created once the server answers, and that request counts) and with a warm one (the data directory
#     of the run before, stopped with SIGTERM: website already there, and the Chrome User-Agent remembered in
#     remembered-user-agents, so the warm start answers it before its parser is loaded).
# Variants (LABEL=JAVA-ARGUMENTS, or LABEL=COMMAND when the first word is an executable file such as the launcher
# app/target/meridian; default "launcher=app/target/meridian") are measured side by side: each run goes through every
# variant, fresh then warm, before the next run starts, so a load peak hits them alike.
#
# Usage: benchmarks/scripts/startup.sh [RUNS] [LABEL=JAVA-ARGUMENTS|LABEL=COMMAND ...]
#   e.g. benchmarks/scripts/startup.sh 5
#        benchmarks/scripts/startup.sh 5 "old=-jar old/meridian.jar" "jar=-jar app/target/meridian.jar" \
#          "launcher=app/target/meridian"
# Other MERIDIAN_* settings (e.g. MERIDIAN_GEOIP_DB) are taken from the environment.
# Needs app/target/meridian.jar and its launcher (./mvnw -B -DskipTests package), curl. Loopback only; port MERIDIAN_PORT (18180).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
shift || true
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=("launcher=app/target/meridian")
port=${MERIDIAN_PORT:-18180}
base="http://127.0.0.1:$port"
user_agent='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
for v in "${variants[@]}"; do
  [[ "$v" == *=* ]] || { echo "variant '$v' is not LABEL=JAVA-ARGUMENTS" >&2; exit 1; }
  for word in ${v#*=}; do
    case "$word" in *.jar|*/meridian) [ -f "$word" ] || { echo "build $word first: ./mvnw -B -DskipTests package" >&2; exit 1; } ;; esac
  done
done
work=$(mktemp -d)
server_pid=
trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }

# The polling must not take the CPU the server starts with: a curl process every 10 ms took ~0.8 of a core on this
# 2-core machine (2.15 s of CPU in 2.7 s), so the waiting is done by bash's builtins alone (no process): the port is
# tried by a connect through bash's /dev/tcp, the pause is a read with a timeout on a pipe that never has data
# (no sleep process); curl runs once the port accepts.
exec {nap_fd}<> <(:)
nap() { read -r -t 0.01 -u "$nap_fd" _ || true; }
port_open() { : 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port"; }

# poll CMD... until it prints a non-empty line (every 10 ms, for at most 120 s); prints that line; gives up at once
# when the server has exited (a start that failed)
poll() {
  local out now deadline
  printf -v deadline '%(%s)T' -1
  deadline=$(( deadline + 120 ))
  while printf -v now '%(%s)T' -1; [ "$now" -lt "$deadline" ]; do
    if [ -z "${server_pid:-}" ] || port_open; then
      out=$("$@" 2>/dev/null || true)
      [ -n "$out" ] && { echo "$out"; return 0; }
    fi
    [ -z "$server_pid" ] || kill -0 "$server_pid" 2>/dev/null || return 1
    nap
  done
  return 1
}

first_answer() { # prints the HTTP status once the server answers
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/analytics/realtime/map")
  [ "$code" != "000" ] && echo "$code"
}

track() { # $1 = tracking id, $2 = visitor id; prints the eventId once POST /api/events answers 200 with one
  local body
  body=$(curl -s -f -X POST "$base/api/events" -H 'Content-Type: application/json' -H "User-Agent: $user_agent" \
    -d "{\"websiteId\":\"$1\",\"domain\":\"example.com\",\"href\":\"https://example.com/pricing\",\"type\":\"pageview\",
         \"visitorId\":\"$2\",\"sessionId\":\"s$(cat /proc/sys/kernel/random/uuid)\"}") || return 0
  sed -n 's/.*"eventId":"\([0-9a-f]*\)".*/\1/p' <<<"$body"
}

# CPU time (user + system, all threads) the process has used so far, in ms
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

# run LABEL JAVA-ARGS DATA-DIR MODE: launches, times, checks, stops; appends "LABEL MODE answer_ms event_ms"
run() {
  local label=$1 args=$2 data=$3 mode=$4 start pid code answered tracked cpu event token tracking website map visitor browser
  if [ -n "$(first_answer 2>/dev/null || true)" ]; then
    echo "something already answers on port $port: set MERIDIAN_PORT to a free port" >&2; exit 1
  fi
  local log_from=1
  [ ! -f "$data/server.log" ] || log_from=$(( $(wc -l <"$data/server.log") + 1 ))
  start=$(now_ms)
  local command=java
  [ -x "${args%% *}" ] && command= # a launcher: it runs the JVM itself (exec, so the process is the JVM)
  # shellcheck disable=SC2086 # the variant's arguments are words
  MERIDIAN_PORT=$port MERIDIAN_DATA_DIR=$data $command $args >>"$data/server.log" 2>&1 &
  pid=$!
  server_pid=$pid
  code=$(poll first_answer) || { echo "$label $mode: no answer; the server log's end:" >&2; tail -n 15 "$data/server.log" >&2
    kill "$pid" 2>/dev/null; exit 1; }
  answered=$(now_ms)
  [ "$code" = "401" ] || { echo "$label $mode: first answer $code, expected 401" >&2; kill "$pid"; exit 1; }
  token=$(cat "$data/admin-token")
  if [ "$mode" = fresh ]; then
    website=$(curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"domain":"example.com"}')
    json_field trackingId <<<"$website" >"$data/tracking-id"
    json_field websiteId <<<"$website" >"$data/website-id"
  fi
  tracking=$(cat "$data/tracking-id")
  visitor=$(cat /proc/sys/kernel/random/uuid)
  event=$(poll track "$tracking" "$visitor") || { echo "$label $mode: no event tracked; log: $data/server.log" >&2; kill "$pid"; exit 1; }
  tracked=$(now_ms)
  cpu=$(cpu_ms "$pid")
  map=$(curl -s "$base/api/v1/analytics/realtime/map?websiteId=$(cat "$data/website-id")" -H "Authorization: Bearer $token")
  grep -q "\"_id\":\"$event\"" <<<"$map" || { echo "$label $mode: event $event not in the map: $map" >&2; kill "$pid"; exit 1; }
  browser=$(grep -o "\"visitorId\":\"$visitor\".\{0,600\}" <<<"$map" | grep -o '"browser":{"name":"[^"]*"' | head -1 | cut -d'"' -f6)
  [ "$browser" = Chrome ] || { echo "$label $mode: visitor $visitor classified as '$browser', not Chrome: $map" >&2; kill "$pid"; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  server_pid=
  echo "$label $mode $((answered - start)) $((tracked - start)) $cpu" >>"$work/results"
  local remembered=no
  tail -n +"$log_from" "$data/server.log" | grep -q 'classifications remembered from' && remembered=yes
  printf '%-10s %-5s first answer %5d ms, first tracked event %5d ms (server JVM CPU by then %5d ms; remembered User-Agents %s; load %s)\n' \
    "$label" "$mode" $((answered - start)) $((tracked - start)) "$cpu" "$remembered" "$(cut -d' ' -f1 /proc/loadavg)"
}

median() { sort -n | awk '{a[NR]=$1} END {printf "%d\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; java: $(java -version 2>&1 | head -1)"
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    label=${v%%=*}
    data="$work/$label-$i"
    mkdir -p "$data"
    run "$label" "${v#*=}" "$data" fresh
    run "$label" "${v#*=}" "$data" warm
    rm -rf "$data"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "${variants[@]}"; do
  label=${v%%=*}
  for mode in fresh warm; do
    a=$(awk -v l="$label" -v m="$mode" '$1==l && $2==m {print $3}' "$work/results" | median)
    e=$(awk -v l="$label" -v m="$mode" '$1==l && $2==m {print $4}' "$work/results" | median)
    c=$(awk -v l="$label" -v m="$mode" '$1==l && $2==m {print $5}' "$work/results" | median)
    all=$(awk -v l="$label" -v m="$mode" '$1==l && $2==m {printf "%s ", $4}' "$work/results")
    printf '%-10s %-5s median of %d: first answer %5d ms, first tracked event %5d ms, JVM CPU %5d ms (events: %s)\n' \
      "$label" "$mode" "$runs" "$a" "$e" "$c" "$all"
  done
  a=$(awk -v l="$label" '$1==l && $2=="fresh" {print $3}' "$work/results" | median)
  echo "$label: start-up to first answered request: median ${a} ms over $runs runs ($(nproc) cores)"
done
