-- Robot requests per website and UTC day (robots are answered, never stored as events). The application counts in
-- memory and adds its counts every few seconds with an upsert per (website, day). website_id leads the primary key
-- (Citus distribution key, as every per-website table).
create table robot_counts (
    website_id text   collate "C" not null,
    day        date   not null,
    count      bigint not null check (count >= 1),
    primary key (website_id, day)
);
