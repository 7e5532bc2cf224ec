-- The visitors API (API.md §9): one visitor's events (its journey, its first pageview, the list's page and goal
-- filters) are read by (website, visitor, time) instead of scanning the website's log. On the partitioned table this
-- makes one index per monthly partition, present and future. website_id leads (Citus distribution key).
create index events_visitor on events (website_id, visitor_id, occurred_at);
