#!/usr/bin/env bash
# Where durable tracking's time goes: the same load as durable-vs-memory.sh (wrk, 64 connections, a new visitor
# every 4th event, rate limits off) against app/target/meridian.jar on a PostgreSQL of its own, started here on a
# temporary directory with the same durability settings as the embedded one (fsync, synchronous_commit,
# full_page_writes on, shared_buffers 128MB) plus pg_stat_statements and auto_explain (ANALYZE, BUFFERS, one
# statement in 200). After WARMUP (default 30) seconds the statistics are reset, then SECONDS (default 15) are
# measured and the script prints: events/s, statements by total time (calls, mean ms, rows, planning),
# WAL records/bytes per event (pg_stat_wal), visitor updates and how many were HOT, one sampled plan of each
# batch statement, and, with JFR=1, the server's hottest methods and lock waits (jfr print --events of a recording).
# Usage (as root, Debian's PostgreSQL 15 installed): benchmarks/scripts/durable-profile.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-15}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgport=${PG_PORT:-45491}
dir=$(mktemp -d); chmod 755 "$dir"
mkdir "$dir/data" "$dir/socket"; chown postgres:postgres "$dir/data" "$dir/socket"
stop_pg() { runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop_pg EXIT
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -o "-p $pgport -k $dir/socket \
  -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=128MB \
  -c max_wal_size=1GB -c track_io_timing=on -c track_wal_io_timing=on \
  -c shared_preload_libraries=pg_stat_statements,auto_explain -c pg_stat_statements.track_planning=on \
  -c auto_explain.log_min_duration=0 -c auto_explain.log_analyze=on -c auto_explain.log_buffers=on \
  -c auto_explain.sample_rate=0.005 -c auto_explain.log_nested_statements=on -c auto_explain.log_wal=on \
  -c log_checkpoints=on -c log_autovacuum_min_duration=0" start >/dev/null
q() { psql -h 127.0.0.1 -p "$pgport" -U postgres -d meridian -qAt -v ON_ERROR_STOP=1 "$@"; }
psql -h 127.0.0.1 -p "$pgport" -U postgres -qAt -c "create database meridian"
q -c "create extension pg_stat_statements"
export MERIDIAN_DB_URL="jdbc:postgresql://127.0.0.1:$pgport/meridian" MERIDIAN_DB_USER=postgres MERIDIAN_DB_PASSWORD=
export MERIDIAN_PORT=${MERIDIAN_PORT:-18090} NEW_VISITOR_EVERY=${NEW_VISITOR_EVERY:-4}
export MERIDIAN_JAVA_OPTS="${MERIDIAN_JAVA_OPTS:-} -Xlog:gc:file=$dir/gc.log:uptime"
[ "${JFR:-0}" = 1 ] && export MERIDIAN_JAVA_OPTS="${MERIDIAN_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$dir/server.jfr,settings=profile,delay=${WARMUP:-30}s,duration=${secs}s"
ON_EXIT=stop_pg
source benchmarks/scripts/server.sh
export MERIDIAN_TRACKING_ID=$tracking_id
wrk -t2 -c64 -d"${WARMUP:-30}s" -s benchmarks/scripts/track.lua "$base" >/dev/null
q -c "select pg_stat_statements_reset(); select pg_stat_reset_shared('wal'); select pg_stat_reset();" >/dev/null
wal_before=$(q -c "select pg_current_wal_lsn()")
# the group commit's wait histogram (queued -> committed, docs/operations.md) before and after the measured window
scrape() { curl -s "$base/prometheus" | grep -E '^meridian_group_commit_(wait_seconds|batch_size_events)_(bucket|count|sum)'; }
scrape >"$dir/prom_before"; gc_from=$(wc -l <"$dir/gc.log")
: >"$dir/data/log_mark"; logsize=$(stat -c %s "$dir/data/server.log")
result=$(wrk -t2 -c64 -d"${secs}s" --timeout 5s -s benchmarks/scripts/track.lua "$base" | grep RESULT)
requests=$(echo "$result" | sed -E 's/.*requests=([0-9]+).*/\1/')
echo "$result load $(cut -d' ' -f1-3 /proc/loadavg)"
scrape >"$dir/prom_after"
echo "--- group commit over the measured window: events waited (queued -> committed) up to each bound, batch sizes"
python3 - "$dir/prom_before" "$dir/prom_after" <<'PY'
import sys
def load(f):
    d = {}
    for line in open(f):
        k, v = line.rsplit(' ', 1); d[k] = float(v)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
delta = {k: b[k] - a.get(k, 0) for k in b}
for name in ("meridian_group_commit_wait_seconds", "meridian_group_commit_batch_size_events"):
    count = delta.get(name + "_count", 0)
    if not count: continue
    total = delta.get(name + "_sum", 0)
    print(f"{name}: count {count:.0f} mean {total / count * (1000 if 'seconds' in name else 1):.2f}{' ms' if 'seconds' in name else ''}")
    rows = sorted(((float(k.split('le="')[1].split('"')[0]) if '+Inf' not in k else float('inf')), v)
                  for k, v in delta.items() if k.startswith(name + "_bucket"))
    print("  " + "  ".join(f"<={le * 1000 if 'seconds' in name else le:g}{'ms' if 'seconds' in name else ''}: {100 * v / count:.1f}%" for le, v in rows))
PY
echo "--- GC pauses in the measured window (-Xlog:gc)"
tail -n +"$((gc_from + 1))" "$dir/gc.log" | grep -E 'Pause' | awk '{n++; ms=$NF; sub("ms","",ms); s+=ms; if (ms>m) m=ms} END {printf "pauses %d total %.1f ms max %.1f ms\n", n, s, m}'
echo "--- checkpoints and autovacuum in the measured window (server log)"
tail -c +"$logsize" "$dir/data/server.log" | grep -E 'checkpoint (starting|complete)|automatic (vacuum|analyze)' | cut -c1-220 || echo none
echo "--- errors in PostgreSQL's log in the measured window (by message)"
tail -c +"$logsize" "$dir/data/server.log" | grep -E '(ERROR|FATAL|WARNING): ' | sed -E 's/^.*(ERROR|FATAL|WARNING): +//' | cut -c1-120 \
  | sort | uniq -c | sort -rn | head -5 || true
echo "--- indexes per table"
q -F ' | ' -c "select tablename, count(*), string_agg(indexname, ', ') from pg_indexes where schemaname = 'public'
  and tablename in ('visitors', 'events') or tablename like 'events_2%' group by tablename order by tablename limit 6"
echo "--- statements by total execution time"
q -F ' | ' -c "select calls, round(total_exec_time::numeric, 0) as total_ms, round(mean_exec_time::numeric, 3) as mean_ms,
  round(mean_plan_time::numeric, 3) as plan_ms, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied,
  wal_records, wal_bytes, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
  from pg_stat_statements order by total_exec_time desc limit 8"
echo "--- WAL per event ($requests events)"
q -c "select 'wal_records ' || wal_records || ' wal_fpi ' || wal_fpi || ' wal_bytes ' || wal_bytes
  || ' bytes/event ' || round(wal_bytes / $requests) || ' records/event ' || round(wal_records::numeric / $requests, 1)
  || ' fpi/event ' || round(wal_fpi::numeric / $requests, 3) || ' wal_sync ' || wal_sync || ' sync_ms ' || round(wal_sync_time::numeric) || ' write_ms ' || round(wal_write_time::numeric)
  from pg_stat_wal"
echo "--- tables (updates, HOT updates, inserts)"
q -F ' | ' -c "select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_live_tup from pg_stat_user_tables
  where n_tup_ins + n_tup_upd > 0 order by relname"
echo "--- commits and transactions"
q -c "select 'xact_commit ' || xact_commit || ' events/commit ' || round($requests::numeric / nullif(xact_commit, 0), 1)
  from pg_stat_database where datname = 'meridian'"
echo "--- one sampled plan of each batch statement (auto_explain, ANALYZE BUFFERS)"
tail -c +"$logsize" "$dir/data/server.log" | python3 -c '
import sys, re
text = sys.stdin.read()
seen = set()
for block in re.split(r"\n(?=\S.*LOG:  duration)", text):
    m = re.search(r"Query Text: (.{0,60})", block)
    if not m: continue
    key = m.group(1)[:40]
    if key in seen: continue
    seen.add(key)
    print(block.strip()[:3000]); print()
' | head -150
if [ "${JFR:-0}" = 1 ]; then
  sleep 2
  echo "--- JFR: top frames of execution samples (server, measured window)"
  jfr print --events jdk.ExecutionSample "$dir/server.jfr" > "$dir/samples.txt"; cat "$dir/samples.txt" | grep -A1 'stackTrace = \[' | grep -v 'stackTrace\|--' \
    | sed "s/line:.*//" | sort | uniq -c | sort -rn | head -25 || true
  echo "--- JFR: share of execution samples whose stack holds a frame of (a sample counts in every group it holds)"
  python3 - "$dir/samples.txt" <<'PY'
import re, sys
samples = open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]
groups = {"group commit writer": "GroupCommitWriter.run", "pgjdbc": "org.postgresql.", "HikariCP": "com.zaxxer.",
          "JSON (Jackson)": "com.fasterxml.jackson", "netty": "io.netty.", "micronaut": "io.micronaut.",
          "core tracking": "dev.meridian.core.tracking", "user agent": "dev.meridian.useragent", "geoip": "dev.meridian.geoip",
          "waiting for the commit (CompletableFuture)": "CompletableFuture", "locks / park": "LockSupport", "GC": "GC"}
for name, needle in groups.items():
    n = sum(1 for s in samples if needle in s)
    print(f"{name:45s} {n:6d} {100 * n / max(1, len(samples)):5.1f} %")
print(f"{'samples':45s} {len(samples):6d}")
PY
  echo "--- JFR: summary"
  jfr summary "$dir/server.jfr" | sed -n '1,12p'
fi
