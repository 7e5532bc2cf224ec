#!/usr/bin/env bash
# What each form of the journey's index costs an event's insert, in CPU of the PostgreSQL backend that inserts
# (issue 18): less sensitive to a shared machine's load than tracking's events/s (journey-index-cost.sh), and
# without the HTTP server's share. Starts app/target/meridian.jar (MERIDIAN_JAR for another) for its embedded
# PostgreSQL only, makes one table per form like an event partition (the columns of events, primary key (website_id,
# occurred_at, id)), each with PRELOAD rows (default 500,000: a month of a busy website's partition is larger) and its
# form of the index, then inserts BATCHES transactions of ROWS events each into each table in turn, ROUNDS times
# (events of one website, a new random visitor id each: a random place in the index each, as tracking's new visitors;
# the time now). Prints each run's CPU µs per event, then per form the median and the median minus that of "none"
# (the index's own cost per event).
# Forms: none; v8 (website_id, visitor_id, occurred_at, id) as V8 made it; v12 (website_id collate "C",
# visitor_id collate "C", occurred_at) as V12 makes it; c4 (v8's columns in "C"); d3 (v12's columns in the default
# collation); v12nd (v12 with deduplicate_items off); hash (a hash index of visitor_id collate "C", as V13 makes it).
# FORMS="none v8 v12 hash" to choose.
# Usage: benchmarks/scripts/visitor-index-insert-cost.sh [ROUNDS] [BATCHES] [ROWS]   (defaults 5 1000 50)
# Needs psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
batches=${2:-1000}
rows=${3:-50}
forms=${FORMS:-none v8 v12 c4 d3 v12nd}
export MERIDIAN_PORT=${MERIDIAN_PORT:-18092}
source benchmarks/scripts/server.sh
pg="$data/postgres"
export PGPASSWORD=$(cat "$pg/superuser-password")
export PGHOST=127.0.0.1 PGPORT=$(sed -n 4p "$pg/postmaster.pid") PGUSER=postgres PGDATABASE=postgres
declare -A INDEX=(
  [none]=""
  [v8]="(website_id, visitor_id, occurred_at, id)"
  [v12]='(website_id collate "C", visitor_id collate "C", occurred_at)'
  [c4]='(website_id collate "C", visitor_id collate "C", occurred_at, id)'
  [d3]="(website_id, visitor_id, occurred_at)"
  [v12nd]='(website_id collate "C", visitor_id collate "C", occurred_at) with (deduplicate_items = off)'
  [hash]='using hash (visitor_id collate "C")')
echo "preparing: ${PRELOAD:-500000} rows in each of: $forms"
for form in $forms; do
  [ -n "${INDEX[$form]+set}" ] || { echo "unknown form $form" >&2; exit 1; }
  psql -q -v ON_ERROR_STOP=1 -v site="$website_id" -v n="${PRELOAD:-500000}" <<SQL
create table ic_$form (like events including defaults);
insert into ic_$form (website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, country_code,
    extra_data)
select :'site', now() - interval '1 day' + i * interval '100 ms', md5(i::text)::varchar(24), gen_random_uuid()::text,
    's1', 'pageview', '/docs/' || (i % 100), null, 'US', '{}'::json
from generate_series(1, :n) i;
alter table ic_$form add primary key (website_id, occurred_at, id);
SQL
  [ -z "${INDEX[$form]}" ] || psql -qc "create index on ic_$form ${INDEX[$form]}"
  psql -qc "vacuum analyze ic_$form"
done
cpu() { awk -v t="$(getconf CLK_TCK)" '{printf "%.3f", ($14+$15)/t}' "/proc/$1/stat"; }
results=$(mktemp)
trap 'rm -f "$results"; kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true; rm -rf "$data"' EXIT
echo "load_average=$(cut -d' ' -f1-3 /proc/loadavg) cores=$(nproc) batches=$batches rows=$rows"
for round in $(seq 1 "$rounds"); do
  for form in $forms; do
    # one backend (its pid first, for its CPU time), one transaction per batch as the group commit makes them
    coproc BACKEND { psql -qAt 2>&1; }
    echo "select pg_backend_pid();" >&"${BACKEND[1]}"
    read -r pid <&"${BACKEND[0]}"
    before=$(cpu "$pid")
    cat >&"${BACKEND[1]}" <<SQL
do \$\$ begin for b in 1..$batches loop
  insert into ic_$form (website_id, occurred_at, id, visitor_id, session_id, type, path, referrer, country_code,
      extra_data)
  select '$website_id', clock_timestamp(), md5(random()::text || i)::varchar(24), gen_random_uuid()::text, 's1',
      'pageview', '/docs/' || i, null, 'US', '{}'::json from generate_series(1, $rows) i;
  commit;
end loop; end \$\$;
select 'done';
SQL
    read -r _ <&"${BACKEND[0]}"
    after=$(cpu "$pid")
    exec {BACKEND[1]}>&-
    wait "$BACKEND_PID" 2>/dev/null || true
    echo "round=$round form=$form load=$(cut -d' ' -f1 /proc/loadavg) cpu_us_per_event=$(echo "scale=2; 1000000 * ($after - $before) / ($batches * $rows)" | bc)" | tee -a "$results"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
of() { grep "form=$1 " "$results" | sed -E 's/.*cpu_us_per_event=([0-9.]+).*/\1/' | median; }
base=$(of none 2>/dev/null || echo 0)
for form in $forms; do
  m=$(of "$form")
  echo "MEDIAN form=$form cpu_us_per_event=$m index_us_per_event=$(echo "$m - ${base:-0}" | bc)"
done
