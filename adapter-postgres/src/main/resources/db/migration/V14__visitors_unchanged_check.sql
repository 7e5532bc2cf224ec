-- Group commit in one round trip (issue 15, GroupCommitWriter): a writer applies a batch's events on the visitor rows
-- it committed itself (cached with their xmin) instead of reading them first, and updates each only if its xmin is
-- still the cached one. This function, called by the same statement with the number of rows it meant to update and
-- the number it did, fails the transaction before its commit when a row was written elsewhere since (another node,
-- identify, a payment, an import): a serialization failure, which the writer retries on freshly read rows.
create function meridian_visitors_unchanged(expected integer, updated bigint) returns void
language plpgsql as $$
begin
    if updated <> expected then
        raise exception 'visitor rows changed since this writer read them: % of % unchanged', updated, expected
            using errcode = 'serialization_failure';
    end if;
end
$$;
