-- API keys get a public id (what listing shows and revocation names) and their first 8 characters (df_ + 5 hex
-- digits), so a person can tell keys apart without ever seeing one again. Keys stored before this migration, or
-- by a writer that does not set them, get a random id from the default and no prefix.
alter table api_keys add column key_id text collate "C" not null
    default substr(md5(random()::text || clock_timestamp()::text), 1, 24);
alter table api_keys add column prefix text;
create unique index api_keys_website_key_id on api_keys (website_id, key_id);
