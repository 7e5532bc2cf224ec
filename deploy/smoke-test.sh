#!/usr/bin/env bash
# Runs the container image as a user would: loads the tarball, starts the image with its embedded PostgreSQL (a fresh
# volume for /data), waits for GET /health/readiness, creates a website and its API key, tracks one pageview and
# reads it back from the realtime map; then removes the container and its volume. Exits non-zero on any failure.
#
#   deploy/smoke-test.sh [IMAGE_TAR]      # default: app/target/meridian-image.tar
#
# CONTAINER=podman|docker picks the engine (podman when installed). PORT (default 18080) is the host port.
# SMOKE_NETWORK=host runs the container on the host's network (MERIDIAN_PORT=PORT) where the engine cannot publish
# ports (some sandboxes). READY_TIMEOUT (seconds, default 240) bounds the wait for readiness. ENGINE_OPTS are options
# of the engine itself and RUN_OPTS more options of its run command, for hosts whose defaults do not work. Rootful
# podman in a VM or sandbox without CAP_SYS_RESOURCE fails with "crun: setrlimit `RLIMIT_NOFILE`: Operation not
# permitted" (podman asks for more open files and processes than the host's hard limits, `ulimit -Hn`, `ulimit -Hu`),
# and crun 1.8 on a cgroups v1/v2 hybrid host with "cgroups in hybrid mode not supported"; then
#   ENGINE_OPTS='--runtime runc' RUN_OPTS='--ulimit nofile=20000:20000 --ulimit nproc=4096:4096' deploy/smoke-test.sh
set -euo pipefail

tarball=${1:-app/target/meridian-image.tar}
engine_name=${CONTAINER:-$(command -v podman >/dev/null && echo podman || echo docker)}
read -r -a engine_opts <<< "${ENGINE_OPTS:-}"
read -r -a run_opts <<< "${RUN_OPTS:-}"
engine() { "$engine_name" "${engine_opts[@]}" "$@"; }
port=${PORT:-18080}
ready_timeout=${READY_TIMEOUT:-240}
admin="dft_smoke$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
name="meridian-smoke-$$"
volume="meridian-smoke-data-$$"
base="http://127.0.0.1:$port"

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { say "FAILED: $*"; engine logs "$name" 2>&1 | tail -40 || true; exit 1; }
cleanup() {
  engine rm -f "$name" >/dev/null 2>&1 || true
  engine volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f "$tarball" ] || { echo "no image tarball at $tarball: ./mvnw -B -pl app -am package -Pimage -DskipTests" >&2; exit 2; }
say "loading $tarball into $engine_name"
image=$(engine load -i "$tarball" | sed -n 's/^Loaded image[^:]*: *//p' | tail -1)
[ -n "$image" ] || fail "no image name in the output of $engine_name load"
say "image $image"

network=(-p "127.0.0.1:$port:8080")
if [ "${SMOKE_NETWORK:-}" = host ]; then
  network=(--network host -e "MERIDIAN_PORT=$port")
fi
engine volume create "$volume" >/dev/null
started=$(date +%s)
engine run -d --name "$name" "${network[@]}" "${run_opts[@]}" -v "$volume:/data" -e "MERIDIAN_ADMIN_TOKEN=$admin" "$image" >/dev/null \
  || fail "$engine_name could not start the container (limits or runtime: see ENGINE_OPTS and RUN_OPTS at the top of $0)"
say "started container $name; waiting for $base/health/readiness"

status=000
while [ $(( $(date +%s) - started )) -lt "$ready_timeout" ]; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/readiness" || true)
  [ "$status" = 200 ] && break
  [ "$(engine inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || fail "the container stopped"
  sleep 1
done
[ "$status" = 200 ] || fail "not ready after ${ready_timeout}s (last status $status)"
say "ready after $(( $(date +%s) - started ))s: $(curl -s "$base/health/readiness")"
say "liveness: $(curl -s "$base/health")"
say "user in the container: $(engine exec "$name" id)"

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
website=$(curl -sf -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d '{"domain":"smoke.example"}') || fail "creating a website"
website_id=$(printf '%s' "$website" | json_field websiteId)
tracking_id=$(printf '%s' "$website" | json_field trackingId)
key=$(curl -sf -X POST "$base/api/v1/admin/websites/$website_id/api-keys" -H "Authorization: Bearer $admin" \
  | json_field key) || fail "creating an API key"
say "website $website_id, tracking id $tracking_id"

visitor=$(cat /proc/sys/kernel/random/uuid)
tracked=$(curl -sf -X POST "$base/api/events" -H 'Content-Type: application/json' \
  -H 'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' \
  -d "{\"websiteId\":\"$tracking_id\",\"domain\":\"smoke.example\",\"href\":\"https://smoke.example/pricing\",\"type\":\"pageview\",\"visitorId\":\"$visitor\",\"sessionId\":\"s$(cat /proc/sys/kernel/random/uuid)\"}") \
  || fail "tracking a pageview"
say "tracked: $tracked"
printf '%s' "$tracked" | grep -q '"eventId":"[0-9a-f]\{24\}"' || fail "the pageview was not stored"

map=$(curl -sf "$base/api/v1/analytics/realtime/map" -H "Authorization: Bearer $key") || fail "reading the map"
printf '%s' "$map" | grep -q "\"visitorId\":\"$visitor\"" || fail "the visitor is not on the map: $map"
printf '%s' "$map" | grep -q '"currentUrl":"/pricing"' || fail "the visitor's page is not on the map: $map"
say "the map shows visitor $visitor on /pricing: $(printf '%s' "$map" | cut -c1-200)…"
curl -s "$base/prometheus" | grep '^meridian_events_tracked_total{outcome="stored",type="pageview"}' \
  || fail "the stored pageview is not counted in /prometheus"
say "smoke test passed"
