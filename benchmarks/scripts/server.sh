# Sourced by the load-test scripts: starts app/target/meridian.jar on loopback in a temporary data
# directory (stopped and deleted on exit) and creates a website with an API key.
# Sets: data, server_pid, base, token, website_id, tracking_id, api_key. Needs MERIDIAN_PORT.
# MERIDIAN_JAVA_OPTS: extra JVM options for the server (e.g. -XX:StartFlightRecording=filename=server.jfr).
# MERIDIAN_JAR: the jar to run (default app/target/meridian.jar), e.g. another build to compare with.

data=$(mktemp -d)
export MERIDIAN_DATA_DIR=$data
# a load generator is one client sending from a handful of addresses: no rate limits
export MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS=0 MERIDIAN_RATE_LIMIT_API_REQUESTS=0
java -Xmx2g ${MERIDIAN_JAVA_OPTS:-} -jar "${MERIDIAN_JAR:-app/target/meridian.jar}" >"$data/server.log" 2>&1 &
server_pid=$!
# `|| true`: under set -e a failed kill (a server that exited) or wait (its exit status) would end the trap early
# ON_EXIT: more to do on exit (a caller's own clean-up, e.g. stopping the PostgreSQL it started)
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true; rm -rf "$data"; ${ON_EXIT:-}' EXIT
base="http://127.0.0.1:$MERIDIAN_PORT"
for _ in $(seq 1 600); do
  [ -s "$data/admin-token" ] && curl -s -o /dev/null "$base/" && break
  sleep 0.1
done
[ -s "$data/admin-token" ] || { echo "the server did not start; its log:" >&2; tail -30 "$data/server.log" >&2; exit 1; }
token=$(cat "$data/admin-token")
site=$(curl -s -X POST "$base/api/v1/admin/websites" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"domain":"example.com"}')
website_id=$(echo "$site" | sed -E 's/.*"websiteId":"([^"]+)".*/\1/')
tracking_id=$(echo "$site" | sed -E 's/.*"trackingId":"([^"]+)".*/\1/')
api_key=$(curl -s -X POST "$base/api/v1/admin/websites/$website_id/api-keys" \
  -H "Authorization: Bearer $token" | sed -E 's/.*"key":"([^"]+)".*/\1/')
