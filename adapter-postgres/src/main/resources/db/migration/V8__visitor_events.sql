-- The visitors API (API.md §9): one visitor's events (its journey, its first pageview, the list's landing paths and its
-- page and goal filters) are read by (website, visitor, time, id) instead of scanning the website's log. The id makes
-- the index's order the statements' order (occurred_at, id), so "the first" and "the latest 500" stop after the rows
-- they need. On the partitioned table this makes one index per monthly partition, present and future. website_id leads
-- (Citus distribution key).
create index events_visitor on events (website_id, visitor_id, occurred_at, id);
