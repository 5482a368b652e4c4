-- NAIVE (what the demo measures; pgsafe refuses the steps below it): scenario 1, step 1.
ALTER TABLE orders ADD COLUMN user_email varchar(255);
