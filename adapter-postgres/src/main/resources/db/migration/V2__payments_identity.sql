-- Payments attributed by identity (API.md §5.1): a payment without a known datafast_visitor_id goes to the
-- visitor seen last whose identify profile has the payment's email (ignoring case). Only identified
-- visitors with an email are indexed; website_id stays the first column (Citus distribution key).
create index visitors_profile_email on visitors (website_id, lower(profile_fields ->> 'email'), last_seen_at)
    where profile_fields ->> 'email' is not null;
