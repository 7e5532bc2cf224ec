-- The journey's index (V8) made cheaper for tracking, which inserts one entry per event at a random place of its
-- partition's index (issue 18, docs/benchmarks/visitors.md): without the event id, which made each entry 25 bytes
-- larger, and its keys compared as bytes (collate "C") whatever the cluster's locale (the embedded cluster's C.UTF-8
-- already compares like bytes; a database made in another locale would compare visitor ids with strcoll). The statements that read it compare in "C" too (EventRows, VisitorRows); the few ties of one
-- visitor's time are ordered by id after the index's time order (an incremental sort), and they still stop after the
-- rows they need. On the partitioned table this makes one index per monthly partition, present and future.
-- website_id leads (Citus distribution key).
drop index events_visitor;
create index events_visitor on events (website_id collate "C", visitor_id collate "C", occurred_at);
