#!/usr/bin/env bash
# What V13's visitor hour count triggers cost tracking's writes of visitors (issue 18), in CPU of the PostgreSQL
# backend that writes: less sensitive to a shared machine's load than tracking's events/s (journey-index-cost.sh with
# WITHOUT_SQL), and without the HTTP server's share. Starts app/target/meridian.jar (MERIDIAN_JAR for another) for its
# embedded PostgreSQL only, makes tables like visitors (`like visitors including all`: its columns, primary key and
# indexes, not its triggers), PRELOAD visitors each (default 500,000), and runs BATCHES transactions of ROWS visitor
# writes each into each table in turn, ROUNDS times: as a group commit's one statement, an update of ROWS - NEW
# stored visitors (random ones; their last_pageview_at and last_seen_at now, visit_count + 1) and an insert of NEW
# new visitors (default 6 of 50: track.lua's new visitor every 8th event).
# Forms: none-, v13- and row-same (the stored visitors' latest pageview in the current hour: an update nets 0,
# most of tracking's updates: a visitor's next pageview in the same hour), none-, v13- and row-moved (stored
# visitors spread over 29 days: nearly every update moves a visitor into the current hour, the most the triggers
# write). "v13" forms carry V13's triggers as on visitors (statement-level, transition tables), adding to
# visitor_hour_counts like the visitors table's; "row" forms the same for inserts and deletes, and for updates a
# row-level trigger whose WHEN clause fires it only for a visitor whose latest pageview changes its hour
# (hc_row_updated(), made here: the alternative measured against V13's).
# Prints each run's CPU µs per visitor written, then per form the median and the median minus its "none" form's.
# Usage: benchmarks/scripts/visitor-hour-counts-cost.sh [ROUNDS] [BATCHES] [ROWS]   (defaults 3 1000 50)
# Needs psql; a jar with V13.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
batches=${2:-1000}
rows=${3:-50}
new=${NEW:-6}
preload=${PRELOAD:-500000}
forms=${FORMS:-none-same v13-same row-same none-moved v13-moved row-moved}
export MERIDIAN_PORT=${MERIDIAN_PORT:-18093}
source benchmarks/scripts/server.sh
pg="$data/postgres"
export PGPASSWORD=$(cat "$pg/superuser-password")
export PGHOST=127.0.0.1 PGPORT=$(sed -n 4p "$pg/postmaster.pid") PGUSER=postgres PGDATABASE=postgres
echo "preparing: $preload visitors in each of: $forms"
psql -q -v ON_ERROR_STOP=1 <<'SQL'
create function hc_row_updated() returns trigger language plpgsql as $$
begin
    insert into visitor_hour_counts as c (website_id, hour, slot, visitors)
    select w, h, (pg_backend_pid() % 16)::smallint, delta
    from (values (old.website_id, date_bin('1 hour', old.last_pageview_at, timestamptz '2000-01-01 00:00:00+00'), -1),
                 (new.website_id, date_bin('1 hour', new.last_pageview_at, timestamptz '2000-01-01 00:00:00+00'), 1))
         d (w, h, delta)
    where h is not null order by w, h
    on conflict (website_id, hour, slot) do update set visitors = c.visitors + excluded.visitors;
    return null;
end $$;
SQL
for form in $forms; do
  t=hc_${form//-/_}
  spread="0"; [ "${form#*-}" = moved ] && spread="random() * 29 * 24 * 3600"
  psql -q -v ON_ERROR_STOP=1 -v n="$preload" <<SQL
create table $t (like visitors including all);
insert into $t (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, session_started_at,
    visit_count, current_url, country_code, browser, os, device_type, identified, profile_fields, is_customer, revenue)
select '$form', 'p' || i, now() - interval '30 days', t, t, t, 1, '/page' || (i % 100), 'US', 'Chrome', 'Windows',
    'desktop', false, '{}'::json, false, 0
from (select i, date_trunc('hour', now()) + random() * (now() - date_trunc('hour', now()))
             - $spread * interval '1 second' as t
      from generate_series(1, :n) i) v;
vacuum analyze $t;
SQL
  # V13's triggers of visitors (pg_get_triggerdef), on this table: all of them, or all but the update trigger
  for trigger in visitor_hour_counts_inserted visitor_hour_counts_deleted visitor_hour_counts_updated; do
    case "${form%%-*}/$trigger" in none/* | row/visitor_hour_counts_updated) continue ;; esac
    psql -qc "$(psql -Atc "select pg_get_triggerdef(oid) from pg_trigger where tgname = '$trigger'
      and tgrelid = 'visitors'::regclass" | sed -e "s/TRIGGER $trigger /TRIGGER ${t}_$trigger /" -e "s/ ON public.visitors / ON $t /")"
  done
  if [ "${form%%-*}" = row ]; then
    psql -qc "create trigger ${t}_updated after update on $t for each row when (date_bin('1 hour',
      old.last_pageview_at, timestamptz '2000-01-01 00:00:00+00') is distinct from date_bin('1 hour',
      new.last_pageview_at, timestamptz '2000-01-01 00:00:00+00') or old.website_id is distinct from new.website_id)
      execute function hc_row_updated()"
  fi
done
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.3f", ($14+$15)/t}' "/proc/$1/stat"; }
results=$(mktemp)
trap 'rm -f "$results"; kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true; rm -rf "$data"' EXIT
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg) cores=$(nproc) batches=$batches rows=$rows new=$new"
for round in $(seq 1 "$rounds"); do
  for form in $forms; do
    t=hc_${form//-/_}
    coproc BACKEND { psql -qAt 2>&1; }
    echo "select pg_backend_pid();" >&"${BACKEND[1]}"
    read -r pid <&"${BACKEND[0]}"
    before=$(cpu "$pid")
    cat >&"${BACKEND[1]}" <<SQL
do \$\$ begin for b in 1..$batches loop
  with updated as (
    update $t v set last_pageview_at = clock_timestamp(), last_seen_at = clock_timestamp(),
        visit_count = v.visit_count + 1
    where v.website_id = '$form' and v.visitor_id = any(array(
        select 'p' || (1 + floor(random() * $preload))::int from generate_series(1, $rows - $new))))
  insert into $t (website_id, visitor_id, first_seen_at, last_seen_at, last_pageview_at, session_started_at,
      visit_count, current_url, country_code, browser, os, device_type, identified, profile_fields, is_customer,
      revenue)
  select '$form', gen_random_uuid()::text, clock_timestamp(), clock_timestamp(), clock_timestamp(),
      clock_timestamp(), 1, '/', 'US', 'Chrome', 'Windows', 'desktop', false, '{}'::json, false, 0
  from generate_series(1, $new) i;
  commit;
end loop; end \$\$;
select 'done';
SQL
    read -r _ <&"${BACKEND[0]}"
    after=$(cpu "$pid")
    exec {BACKEND[1]}>&-
    wait "$BACKEND_PID" 2>/dev/null || true
    echo "round=$round form=$form load=$(cut -d' ' -f1 /proc/loadavg) cpu_us_per_visitor=$(echo "scale=2; 1000000 * ($after - $before) / ($batches * $rows)" | bc)" | tee -a "$results"
  done
done
psql -Atc "select 'hour count rows written: ' || count(*) || ', visitors counted: ' || sum(visitors) from visitor_hour_counts where website_id not like 'none-%'"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
of() { grep "form=$1 " "$results" | sed -E 's/.*cpu_us_per_visitor=([0-9.]+).*/\1/' | median; }
for form in $forms; do
  m=$(of "$form")
  base=$(of "none-${form#*-}" 2>/dev/null || echo 0)
  echo "MEDIAN form=$form cpu_us_per_visitor=$m triggers_us_per_visitor=$(echo "$m - ${base:-0}" | bc)"
done
