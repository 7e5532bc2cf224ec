-- The visitor list's exact total (API.md §9.2, pagination.total) without counting every visitor of the period
-- (issue 18, docs/benchmarks/visitors.md "Counts kept per website and hour"): how many visitors have their latest
-- pageview (last_pageview_at, the time the list filters and orders by) in each UTC hour, kept by triggers on visitors
-- in the transaction of every write, so every writer (tracking, identify, payments, the import, another node) keeps it
-- exact without knowing about it. The list's unfiltered total is the sum over the period's whole hours plus index-only
-- counts of visitors_active for the two partial hours at its ends (VisitorRows.count).
-- slot spreads a website's hour over rows: the trigger adds to the row of its backend's slot (pg_backend_pid() % 16),
-- so the group commits of several nodes (one backend each) do not queue on one row lock of the current hour; a slot's
-- row can be negative (a visitor counted into an hour through one slot and out of it through another), their sum is
-- the count. website_id leads the primary key (Citus distribution key).
-- No writer may change visitors between the fill and the triggers (another node still running the previous version).
lock table visitors in share row exclusive mode;

create table visitor_hour_counts (
    website_id text        collate "C" not null,
    hour       timestamptz not null,
    slot       smallint    not null,
    visitors   bigint      not null,
    primary key (website_id, hour, slot)
);

insert into visitor_hour_counts (website_id, hour, slot, visitors)
select website_id, date_bin('1 hour', last_pageview_at, timestamptz '2000-01-01 00:00:00+00'), 0, count(*)
from visitors where last_pageview_at is not null group by 1, 2;

-- Statement-level triggers with transition tables: one aggregated upsert per statement (+1 for the hour a visitor's
-- last_pageview_at moves into, -1 for the hour it leaves), none when no visitor of the statement changed its hour (a
-- visitor's later pageview in the same hour: most of tracking's updates). Rows in key order, so two statements of the
-- same slot lock their rows in the same order. Measured against a row-level update trigger fired by a WHEN clause only
-- for a visitor changing its hour: about 1 to 4 µs of the writing backend's CPU dearer per visitor updated in the
-- same hour, about 9 to 15 µs cheaper per visitor that moves (benchmarks/scripts/visitor-hour-counts-cost.sh,
-- docs/benchmarks/visitors.md).
create function visitor_hour_counts_inserted() returns trigger language plpgsql as $$
begin
    insert into visitor_hour_counts as c (website_id, hour, slot, visitors)
    select website_id, date_bin('1 hour', last_pageview_at, timestamptz '2000-01-01 00:00:00+00') as h,
        (pg_backend_pid() % 16)::smallint, count(*)
    from new_visitors where last_pageview_at is not null
    group by website_id, h order by website_id, h
    on conflict (website_id, hour, slot) do update set visitors = c.visitors + excluded.visitors;
    return null;
end $$;

create function visitor_hour_counts_updated() returns trigger language plpgsql as $$
begin
    insert into visitor_hour_counts as c (website_id, hour, slot, visitors)
    select website_id, h, (pg_backend_pid() % 16)::smallint, sum(delta)
    from (select website_id, date_bin('1 hour', last_pageview_at, timestamptz '2000-01-01 00:00:00+00') as h,
                 1 as delta
          from new_visitors where last_pageview_at is not null
          union all
          select website_id, date_bin('1 hour', last_pageview_at, timestamptz '2000-01-01 00:00:00+00'), -1
          from old_visitors where last_pageview_at is not null) d
    group by website_id, h having sum(delta) <> 0 order by website_id, h
    on conflict (website_id, hour, slot) do update set visitors = c.visitors + excluded.visitors;
    return null;
end $$;

create function visitor_hour_counts_deleted() returns trigger language plpgsql as $$
begin
    insert into visitor_hour_counts as c (website_id, hour, slot, visitors)
    select website_id, date_bin('1 hour', last_pageview_at, timestamptz '2000-01-01 00:00:00+00') as h,
        (pg_backend_pid() % 16)::smallint, -count(*)
    from old_visitors where last_pageview_at is not null
    group by website_id, h order by website_id, h
    on conflict (website_id, hour, slot) do update set visitors = c.visitors + excluded.visitors;
    return null;
end $$;

create function visitor_hour_counts_truncated() returns trigger language plpgsql as $$
begin
    truncate visitor_hour_counts;
    return null;
end $$;

create trigger visitor_hour_counts_inserted after insert on visitors referencing new table as new_visitors
    for each statement execute function visitor_hour_counts_inserted();
create trigger visitor_hour_counts_updated after update on visitors
    referencing old table as old_visitors new table as new_visitors
    for each statement execute function visitor_hour_counts_updated();
create trigger visitor_hour_counts_deleted after delete on visitors referencing old table as old_visitors
    for each statement execute function visitor_hour_counts_deleted();
create trigger visitor_hour_counts_truncated after truncate on visitors
    for each statement execute function visitor_hour_counts_truncated();

-- The journey's index (V8, V12) as a hash of the visitor id: tracking inserts one entry per event at a random place of
-- its partition's index, and a btree entry of (website_id, visitor_id, occurred_at) was about 84 bytes where a hash
-- entry is about 20 (a 4-byte hash code and the row's address); its insert cost tracking's PostgreSQL about a fifth of
-- the btree's (issue 18, docs/benchmarks/visitors.md). The statements of one visitor's events (EventRows, VisitorRows)
-- compare visitor_id collate "C" with =, find the visitor's rows of each partition through it, check the website and
-- sort the few hundred rows a visitor has. Hash indexes are WAL-logged (PostgreSQL 10) and allowed on a partitioned
-- table: one per monthly partition, present and future.
drop index events_visitor;
create index events_visitor_hash on events using hash (visitor_id collate "C");
