-- NAIVE: SET NOT NULL scans the whole table under ACCESS EXCLUSIVE; reads and writes wait.
ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;
