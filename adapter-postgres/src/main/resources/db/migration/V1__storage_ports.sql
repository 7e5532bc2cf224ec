-- Meridian storage schema, version 1.
--
-- Scale-out rules (ARCHITECTURE.md "Scale-out path"):
--  * every per-website table has website_id as the first column of its primary key and of every index,
--    and there is no foreign key or join across websites, so the tables can be distributed by
--    website_id on Citus without changing the adapter;
--  * websites, api_keys and account_tokens are small and looked up by id/hash: on Citus they become
--    reference tables;
--  * the event log is range-partitioned by time: retention drops whole partitions. Partitions are
--    monthly, named events_pYYYYMM, and created by the application ahead of time and on demand.
--  * room for history import: an import run can add its own key column (e.g. events.import_key) and a
--    unique index (website_id, import_key, ...) in a later migration without touching these columns.

create table websites (
    id                text        primary key,
    tracking_id       text        not null unique,
    domain            text        not null,
    name              text,
    currency          text        not null,
    timezone          text        not null,
    allowed_hostnames text[]      not null,
    created_at        timestamptz not null
);
create index websites_created on websites (created_at, id);

create table api_keys (
    hash       text        primary key,
    website_id text        not null,
    created_at timestamptz not null
);
create index api_keys_website on api_keys (website_id);

create table account_tokens (
    hash        text        primary key,
    permissions text[]      not null,
    website_ids text[]      not null,
    created_at  timestamptz not null
);

-- The live state of each visitor: one row per (website, visitor), rewritten by every event.
-- firstTouch is null exactly when ft_referrer is null (its referrer is never null).
create table visitors (
    website_id         text        collate "C" not null,
    visitor_id         text        collate "C" not null,
    first_seen_at      timestamptz not null,
    last_seen_at       timestamptz not null,
    last_pageview_at   timestamptz,
    session_id         text,
    session_started_at timestamptz not null,
    visit_count        integer     not null,
    current_url        text,
    session_referrer   text,
    param_ref          text,
    param_source       text,
    param_via          text,
    utm_source         text,
    utm_medium         text,
    utm_campaign       text,
    utm_content        text,
    utm_term           text,
    city               text,
    region             text,
    country_code       text,
    latitude           double precision,
    longitude          double precision,
    browser            text,
    os                 text,
    device_type        text,
    ft_device          text,
    ft_os              text,
    ft_browser         text,
    ft_country         text,
    ft_referrer        text,
    identified         boolean     not null,
    user_id            text,
    display_name       text,
    image_url          text,
    -- json, not jsonb: the profile fields keep the order they were given in
    profile_fields     json        not null,
    is_customer        boolean     not null,
    customer_name      text,
    customer_email     text,
    revenue            numeric     not null,
    primary key (website_id, visitor_id)
) with (fillfactor = 80);

-- The realtime map: only visitors with a recent pageview are read.
create index visitors_active on visitors (website_id, last_pageview_at);
-- The conversion model's training data: visitors by first pageview.
create index visitors_first_touch on visitors (website_id, first_seen_at) where ft_referrer is not null;

create table events (
    website_id   text        not null,
    occurred_at  timestamptz not null,
    id           text        collate "C" not null,
    visitor_id   text        not null,
    session_id   text,
    type         text        not null,
    path         text,
    referrer     text,
    country_code text,
    -- json, not jsonb: extra data keeps its order
    extra_data   json        not null,
    primary key (website_id, occurred_at, id)
) partition by range (occurred_at);

create table payments (
    website_id     text        not null,
    transaction_id text        not null,
    id             text        collate "C" not null,
    amount         numeric     not null,
    currency       text        not null,
    occurred_at    timestamptz not null,
    visitor_id     text,
    email          text,
    name           text,
    customer_id    text,
    renewal        boolean     not null,
    refunded       boolean     not null,
    -- payment idempotency
    primary key (website_id, transaction_id)
);
create index payments_recent on payments (website_id, occurred_at desc, id desc) where not refunded;
-- earlier payments of the same customer: by visitor, else by email
create index payments_visitor on payments (website_id, visitor_id, occurred_at) where visitor_id is not null;
create index payments_email on payments (website_id, lower(email), occurred_at) where email is not null;
