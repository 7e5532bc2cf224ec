-- Account tokens get what API keys got in V5: a public id (what listing shows and revocation names) and their first
-- 9 characters (dft_ + 5), so they can be listed and revoked over the API without ever being shown again. Tokens
-- stored before get a random id from the default and no prefix.
alter table account_tokens add column token_id text collate "C" not null
    default substr(md5(random()::text || clock_timestamp()::text), 1, 24);
alter table account_tokens add column prefix text;
create unique index account_tokens_token_id on account_tokens (token_id);
-- The admin token: the one MERIDIAN_ADMIN_TOKEN sets or the one generated at the first start. A new
-- MERIDIAN_ADMIN_TOKEN replaces (deletes) every token marked so. Before this version only that bootstrap made tokens,
-- each with permission * on every website (a changed MERIDIAN_ADMIN_TOKEN added one and left the previous valid): those
-- are marked, so the next MERIDIAN_ADMIN_TOKEN revokes the stale ones too.
alter table account_tokens add column admin_token boolean not null default false;
update account_tokens set admin_token = true where '*' = any (permissions) and cardinality(website_ids) = 0;
