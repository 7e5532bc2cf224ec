-- The visitor journey's identity (API.md §9.1): the latest pageview's browser and OS versions, device maker and model
-- (from the User-Agent parser) and the viewport the tracker sent. Null when unknown, as in rows written before.
alter table visitors
    add column browser_version text,
    add column os_version text,
    add column device_vendor text,
    add column device_model text,
    add column viewport_width integer,
    add column viewport_height integer;
