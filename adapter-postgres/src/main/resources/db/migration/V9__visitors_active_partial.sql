-- The realtime map's index holds only visitors with a pageview (issue 15, docs/storage.md "Durability: group
-- commit"). The map's query (last_pageview_at >= ?) implies the predicate, so it reads this index as before; a look-up
-- by (website_id, visitor_id) can no longer pick it instead of the primary key. Otherwise both match website_id and
-- cost the same on a small table, and a writer's generic plan made while the table was small (pgjdbc prepares
-- statements on the server, PostgreSQL keeps their generic plans) scanned every visitor of the website for each key
-- once the table had grown. website_id stays the first column (docs/architecture.md, Citus distribution key).
drop index visitors_active;
create index visitors_active on visitors (website_id, last_pageview_at) where last_pageview_at is not null;
