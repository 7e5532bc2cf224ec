-- The journey's index (V8) made cheaper for tracking, which inserts one entry per event at a random place of its
-- partition's index (issue 18, docs/benchmarks/visitors.md): its keys compare as bytes (collate "C") instead of in the
-- cluster's libc locale (strcoll on every comparison of a visitor id), and without the event id, which made each entry
-- 25 bytes larger. The statements that read it compare in "C" too (EventRows, VisitorRows); the few ties of one
-- visitor's time are ordered by id after the index's time order (an incremental sort), and they still stop after the
-- rows they need. On the partitioned table this makes one index per monthly partition, present and future.
-- website_id leads (Citus distribution key).
drop index events_visitor;
create index events_visitor on events (website_id collate "C", visitor_id collate "C", occurred_at);
