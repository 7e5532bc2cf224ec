#!/usr/bin/env bash
# Latency of the visitor routes (docs/api.md §9) over 1,000,000 stored visitors and events, loopback only.
# Usage: benchmarks/scripts/visitors.sh [REQUESTS] [VISITORS]   (WARMUP=seconds of requests first, default 30)
# Starts app/target/meridian.jar (MERIDIAN_JAR to run another) on its embedded PostgreSQL in a temporary data
# directory, creates a website, then loads the data with SQL straight into the server's database (psql with the
# embedded superuser's password): VISITORS visitors (default 1,000,000), each with one pageview in the last 29 days
# (so the default 30-day list covers them all), and one more visitor with 500 events (450 pageviews, 50 goals) in
# the last day; VACUUM ANALYZE, as autovacuum would after such a load. Then WARMUP seconds of both routes, then
# REQUESTS of each measured one after the other (curl's time_total: connect, server, transfer), median and p90.
# FILTERED=0 skips the filtered lists (country and browser, utm_source): over 1,000,000 visitors each of their
# requests takes seconds.
# Needs psql (Debian: postgresql-client) and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
visitors=${2:-1000000}
port=${MERIDIAN_PORT:-18091}
export MERIDIAN_PORT=$port
source benchmarks/scripts/server.sh
pg="$data/postgres"
export PGPASSWORD=$(cat "$pg/superuser-password")
export PGHOST=127.0.0.1 PGPORT=$(sed -n 4p "$pg/postmaster.pid") PGUSER=postgres PGDATABASE=postgres
heavy=00000000-0000-4000-8000-000000000500
echo "loading $visitors visitors and $((visitors + 500)) events ..."
start=$(date +%s)
# the months the data falls in need their event partitions (the server makes the current one and the next two)
months=$(psql -Atc "select distinct to_char(d, 'YYYYMM') || ' ' || date_trunc('month', d)::date || ' ' ||
  (date_trunc('month', d) + interval '1 month')::date from generate_series(now() - interval '30 days', now(), interval '1 day') d")
while read -r suffix from to; do
  psql -qc "create table if not exists events_p$suffix partition of events for values from ('$from') to ('$to')"
done <<<"$months"
psql -q -v ON_ERROR_STOP=1 -v site="$website_id" -v n="$visitors" -v heavy="$heavy" <<'SQL'
set synchronous_commit = off;
-- visitors: one pageview each, spread over the last 29 days; a few countries, browsers, campaigns; one in 50 a customer
insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, session_id,
    session_started_at, visit_count, current_url, session_referrer, param_ref, param_source, param_via, utm_source,
    utm_medium, utm_campaign, utm_content, utm_term, city, region, country_code, latitude, longitude, browser, os,
    device_type, ft_device, ft_os, ft_browser, ft_country, ft_referrer, identified, user_id, display_name, image_url,
    profile_fields, is_customer, customer_name, customer_email, revenue)
select :'site', v.id, v.t, v.t, v.t, 's' || gen_random_uuid(), v.t, 1, v.page, null, null, null, null,
    v.source, null, null, null, null, null, null, v.country, null, null, v.browser, 'Windows', 'desktop', 'desktop',
    'Windows', v.browser, v.country, v.referrer, false, null, null, null, '{}'::json, i % 50 = 0, null, null,
    case when i % 50 = 0 then 49 else 0 end
from (select i, gen_random_uuid()::text as id, now() - random() * interval '29 days' as t,
        '/page' || (i % 100) as page, (array['US', 'DE', 'FR', 'GB', 'IN'])[1 + i % 5] as country,
        (array['Chrome', 'Firefox', 'Safari'])[1 + i % 3] as browser,
        (array['google', 'newsletter', null])[1 + i % 3] as source,
        (array['google.com', 'news.ycombinator.com', '(direct)', '(direct)'])[1 + i % 4] as referrer
      from generate_series(1, :n) i) v;
insert into events (website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, country_code, extra_data)
select website_id, last_pageview_at, substr(md5(visitor_id), 1, 24), visitor_id, session_id, 'pageview',
    current_url || coalesce('?utm_source=' || utm_source, ''), null, country_code, '{}'::json
from visitors where website_id = :'site';
-- the heavy visitor: 450 pageviews and 50 goals over the last day
insert into visitors (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, session_id,
    session_started_at, visit_count, current_url, city, region, country_code, latitude, longitude, browser, os,
    device_type, ft_device, ft_os, ft_browser, ft_country, ft_referrer, identified, profile_fields, is_customer, revenue)
values (:'site', :'heavy', now() - interval '1 day', now() - interval '1 minute', now() - interval '1 minute',
    's' || gen_random_uuid(), now() - interval '10 minutes', 12, '/pricing', 'Boulder', 'US-CO', 'US', 40.015,
    -105.27, 'Chrome', 'Mac OS', 'desktop', 'desktop', 'Mac OS', 'Chrome', 'US', 'google.com', false, '{}'::json,
    false, 0);
insert into events (website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, country_code, extra_data)
select :'site', now() - interval '1 day' + i * interval '170 seconds', lpad(to_hex(i), 24, 'f'), :'heavy', 's1',
    case when i % 10 = 0 then 'custom' else 'pageview' end,
    case when i = 1 then '/?utm_source=google&gclid=abc' else '/docs/' || i end, null, 'US',
    case when i % 10 = 0 then '{"eventName":"signup"}'::json else '{}'::json end
from generate_series(1, 500) i;
SQL
psql -qc "vacuum analyze visitors" -c "vacuum analyze events"
echo "loaded in $(( $(date +%s) - start )) s: $(psql -Atc "select count(*) from visitors") visitors, $(psql -Atc "select count(*) from events") events"

get() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $api_key" "$base$1"; }
journey="/api/v1/visitors/$heavy"
list="/api/v1/visitors?limit=100"
[ "$(get "$journey" | cut -d' ' -f1)" = 200 ] || { echo "journey failed: $(curl -s -H "Authorization: Bearer $api_key" "$base$journey")" >&2; exit 1; }
[ "$(get "$list" | cut -d' ' -f1)" = 200 ] || { echo "list failed" >&2; exit 1; }
echo "journey: $(curl -s -H "Authorization: Bearer $api_key" "$base$journey" | grep -o '"pageViewCount":[0-9]*'), \
list: $(curl -s -H "Authorization: Bearer $api_key" "$base$list" | grep -o '"pagination":{[^}]*}')"
end=$(( $(date +%s) + ${WARMUP:-30} ))
while [ "$(date +%s)" -lt "$end" ]; do get "$journey" >/dev/null; get "$list" >/dev/null; done
stats() { sort -n | awk '{a[NR]=$1} END {printf "n=%d median_ms=%.1f p90_ms=%.1f max_ms=%.1f\n", NR, 1000*a[int((NR+1)/2)], 1000*a[int(NR*0.9+0.5)], 1000*a[NR]}'; }
measure() {
  local name=$1 path=$2
  echo "$name $(for _ in $(seq 1 "$requests"); do get "$path"; done | awk '$1 != 200 {bad++} {print $2} END {if (bad) print "non-200: " bad > "/dev/stderr"}' | stats)"
}
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg) cores=$(nproc) visitors=$visitors requests=$requests"
measure "journey_500_events" "$journey"
measure "list_100_rows" "$list"
measure "list_100_rows_offset_10000" "/api/v1/visitors?limit=100&offset=10000"
if [ "${FILTERED:-1}" != 0 ]; then
  measure "list_100_rows_country_DE_browser_Safari" "/api/v1/visitors?limit=100&country=DE&browser=Safari"
  measure "list_100_rows_utm_source_newsletter" "/api/v1/visitors?limit=100&utm_source=newsletter"
fi
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg)"
