-- The visitors API (API.md §9.1) answers 400 for a robot's visitor id: robots are never stored as events or visitors,
-- so the ids their pageviews carried are remembered here, one row per website and id with the time last seen (an
-- upsert every few seconds with the robot counts; only robot requests write). Rows last seen before the events'
-- retention are deleted with the old partitions. website_id leads the primary key (Citus distribution key).
create table robot_visitors (
    website_id   text        collate "C" not null,
    visitor_id   text        collate "C" not null,
    last_seen_at timestamptz not null,
    primary key (website_id, visitor_id)
);
