-- The training run for pgsafe's AppCDS archive: one statement of each common form, so that the
-- classes a typical lint loads are in the archive. Not a migration.
SET lock_timeout = '100ms';
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
ALTER TABLE orders ADD COLUMN status text DEFAULT 'new' NOT NULL;
ALTER TABLE orders ALTER COLUMN note TYPE varchar(100);
CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(50));
ALTER TABLE notes ALTER COLUMN body TYPE text;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE orders RENAME TO purchase_orders;
UPDATE orders SET status = 'old' WHERE id < 10;
DO $$ BEGIN PERFORM 1; END $$;
DROP TABLE IF EXISTS legacy;
VACUUM FULL orders;
