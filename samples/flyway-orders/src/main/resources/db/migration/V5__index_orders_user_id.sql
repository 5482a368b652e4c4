-- Scenario 1, step 4: CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, so writes go on during the build.
-- pgsafe runs it outside a transaction, drops an INVALID leftover of a failed earlier try, and retries.
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
