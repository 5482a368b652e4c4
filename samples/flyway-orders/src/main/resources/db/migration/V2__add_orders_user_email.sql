-- Scenario 1, step 1: a nullable column without a default is a catalog-only change. pgsafe still
-- runs it under lock_timeout with retries, so it cannot queue the application behind a long reader.
ALTER TABLE orders ADD COLUMN user_email varchar(255);
