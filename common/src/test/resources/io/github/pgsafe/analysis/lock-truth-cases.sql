-- Cases of LockTruthIT. Each case runs on a fresh copy of lock-truth-fixture.sql:
--   -- case: <name>           starts a case
--   -- since: <major>          skips it on older servers (optional)
--   -- hold: <table>           for statements that cannot run in a transaction block: a third
--                              session holds ACCESS EXCLUSIVE on <table> while the statement waits
--   setup statements           committed before the statement (also analysed first, as a script)
--   -- run:                    the statement under test follows

-- case: 01 set-lock-timeout
-- run:
SET lock_timeout = '5s';
-- case: 02 set-statement-timeout
-- run:
SET statement_timeout TO '15min';
-- case: 03 create-extension
-- run:
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- case: 04 create-schema
-- run:
CREATE SCHEMA IF NOT EXISTS billing;
-- case: 05 create-type-enum
-- run:
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
-- case: 06 create-table-references
CREATE SCHEMA billing;
-- run:
CREATE TABLE IF NOT EXISTS billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'new',
    amount numeric(12,2) CHECK (amount >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- case: 07 create-table-partitioned
-- run:
CREATE TABLE measurements2 (id bigint NOT NULL, logdate date NOT NULL, reading double precision) PARTITION BY RANGE (logdate);
-- case: 08 create-index-plain
-- run:
CREATE INDEX idx_orders_amount ON orders (amount);
-- case: 09 create-index-concurrently-gin-partial
-- hold: users
-- run:
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email_trgm ON public.users USING gin (email gin_trgm_ops) WHERE deleted_at IS NULL;
-- case: 10 create-unique-index-concurrently-expr-include
-- hold: orders
-- run:
CREATE UNIQUE INDEX CONCURRENTLY idx_orders_ref_lower ON orders (lower(reference)) INCLUDE (status);
-- case: 11 create-index-on-only-partitioned
-- run:
CREATE INDEX measurements_logdate_idx2 ON ONLY measurements (logdate);
-- case: 12 drop-index-concurrently
-- hold: orders
-- run:
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_old;
-- case: 13 add-column-default-now
-- run:
ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();
-- case: 14 add-column-volatile-default
-- run:
ALTER TABLE orders ADD COLUMN request_id uuid DEFAULT gen_random_uuid();
-- case: 15 add-column-not-null-constant-default
-- run:
ALTER TABLE orders ADD COLUMN state text NOT NULL DEFAULT 'new';
-- case: 16 add-column-not-null-no-default (on an empty table: on a full one it fails)
-- run:
ALTER TABLE empty_t ADD COLUMN region text NOT NULL;
-- case: 17 add-column-if-not-exists
-- run:
ALTER TABLE IF EXISTS orders ADD COLUMN IF NOT EXISTS note text;
-- case: 18 add-column-generated-stored
-- run:
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED;
-- case: 19 add-fk-not-valid
-- run:
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- case: 20 validate-constraint
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- run:
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_user;
-- case: 21 add-check-constraint
-- run:
ALTER TABLE orders ADD CONSTRAINT chk_amount CHECK (amount >= 0);
-- case: 22 add-check-not-null-not-valid
-- run:
ALTER TABLE orders ADD CONSTRAINT orders_user_email_nn CHECK (user_email IS NOT NULL) NOT VALID;
-- case: 23 add-unique-using-index
-- run:
ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE USING INDEX idx_orders_ref;
-- case: 24 add-unique-constraint
-- run:
ALTER TABLE orders ADD CONSTRAINT orders_reference_key UNIQUE (reference);
-- case: 25 set-not-null
-- run:
ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;
-- case: 26 alter-column-type-using
-- run:
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(14,2) USING amount::numeric(14,2);
-- case: 27 alter-column-set-data-type-varchar
-- run:
ALTER TABLE users ALTER COLUMN email SET DATA TYPE varchar(320);
-- case: 28 alter-column-set-default
-- run:
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
-- case: 29 rename-column
-- run:
ALTER TABLE orders RENAME COLUMN user_email TO customer_email;
-- case: 30 rename-table
-- run:
ALTER TABLE orders RENAME TO purchase_orders;
-- case: 31 drop-column
-- run:
ALTER TABLE orders DROP COLUMN IF EXISTS legacy_flag;
-- case: 32 multi-action-alter
-- run:
ALTER TABLE orders
    ADD COLUMN shipped_at timestamptz,
    ALTER COLUMN note DROP NOT NULL,
    DROP COLUMN IF EXISTS old_note,
    ALTER COLUMN status SET DEFAULT 'new';
-- case: 33 alter-table-set-storage-params
-- run:
ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.01, fillfactor = 90);
-- case: 34 attach-partition
-- run:
ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- case: 35 detach-partition-concurrently
-- since: 14
-- hold: measurements
-- run:
ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;
-- case: 36 alter-index-attach-partition
ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX m_reading_idx ON ONLY measurements (reading);
CREATE INDEX m24_reading_idx ON measurements_2024 (reading);
-- run:
ALTER INDEX m_reading_idx ATTACH PARTITION m24_reading_idx;
-- case: 37 alter-type-add-value
-- run:
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
-- case: 38 create-function-dollar
-- run:
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := now();  -- semicolons inside the body
    RETURN NEW;
END;
$fn$;
-- case: 39 create-trigger
-- run:
CREATE TRIGGER trg_orders_updated_at BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();
-- case: 40 do-block
-- run:
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg_monitor') THEN
        RAISE NOTICE 'no pg_monitor';
    END IF;
END
$$;
-- case: 41 comment-on-column
-- run:
COMMENT ON COLUMN orders.user_email IS 'Denormalized copy; see users.email';
-- case: 42 grant
-- run:
GRANT SELECT, INSERT, UPDATE ON TABLE orders TO PUBLIC;
-- case: 43 reindex-concurrently
-- hold: orders
-- run:
REINDEX INDEX CONCURRENTLY idx_orders_user_id;
-- case: 44 reindex-table
-- run:
REINDEX TABLE orders;
-- case: 45 vacuum-analyze
-- hold: orders
-- run:
VACUUM (ANALYZE, VERBOSE) orders;
-- case: 46 vacuum-full
-- hold: orders
-- run:
VACUUM FULL orders;
-- case: 47 cluster
-- run:
CLUSTER orders USING orders_pkey;
-- case: 48 lock-table
-- run:
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
-- case: 49 create-matview
-- run:
CREATE MATERIALIZED VIEW order_totals2 AS SELECT user_id, sum(amount) AS total FROM orders GROUP BY user_id WITH NO DATA;
-- case: 50 refresh-matview-concurrently
-- run:
REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
-- case: 51 backfill-update-from
-- run:
UPDATE orders o SET user_email = u.email FROM users u WHERE u.id = o.user_id AND o.user_email IS NULL;
-- case: 52 truncate-cascade
-- run:
TRUNCATE TABLE audit_log CASCADE;
-- case: 53 drop-table
-- run:
DROP TABLE IF EXISTS tmp_import CASCADE;
-- case: 54 enable-rls
-- run:
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
-- case: 55 create-policy
-- run:
CREATE POLICY orders_owner ON orders FOR SELECT USING (user_id = current_setting('app.user_id')::bigint);
-- case: 56 analyze
-- run:
ANALYZE orders;

-- Beyond the corpus: CREATE TABLE variants
-- case: create-table-partition-of
-- run:
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- case: create-table-like
-- run:
CREATE TABLE orders_copy (LIKE orders INCLUDING DEFAULTS);
-- case: create-table-inherits
-- run:
CREATE TABLE parent_child () INHERITS (parent_t);
-- case: create-table-as
-- run:
CREATE TABLE orders_backup AS SELECT * FROM orders;
-- case: create-view
-- run:
CREATE VIEW orders_with_users AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id;
-- case: create-or-replace-view
-- run:
CREATE OR REPLACE VIEW order_view AS SELECT id, status FROM orders;
-- case: create-sequence
-- run:
CREATE SEQUENCE IF NOT EXISTS invoice_seq;
-- case: create-domain
-- run:
CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);
-- case: create-procedure
-- run:
CREATE PROCEDURE other_proc() LANGUAGE sql AS $$ SELECT 1 $$;
-- case: create-role
-- run:
CREATE ROLE pgsafe_lock_truth_role NOLOGIN;
-- case: create-extension-new
-- run:
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- Indexes
-- case: create-index-if-not-exists-existing
-- run:
CREATE INDEX IF NOT EXISTS idx_orders_user_id ON orders (user_id);
-- case: create-index-partitioned
-- run:
CREATE INDEX measurements_reading_idx ON measurements (reading);
-- case: drop-index
-- run:
DROP INDEX idx_orders_old;
-- case: reindex-index
-- run:
REINDEX INDEX idx_orders_user_id;
-- case: reindex-table-concurrently
-- hold: orders
-- run:
REINDEX TABLE CONCURRENTLY orders;
-- case: reindex-schema
-- run:
REINDEX SCHEMA other;
-- case: alter-index-rename
-- run:
ALTER INDEX idx_orders_old RENAME TO idx_orders_status;
-- case: alter-index-set-fillfactor
-- run:
ALTER INDEX idx_orders_old SET (fillfactor = 70);
-- case: alter-index-set-tablespace
-- run:
ALTER INDEX idx_orders_old SET TABLESPACE pg_default;

-- More ALTER TABLE actions
-- case: add-column-serial
-- run:
ALTER TABLE audit_log ADD COLUMN seq bigserial;
-- case: add-column-references
-- run:
ALTER TABLE audit_log ADD COLUMN user_id bigint REFERENCES users (id);
-- case: add-column-pre-11-style-constant
-- run:
ALTER TABLE audit_log ADD COLUMN flag boolean DEFAULT false;
-- case: add-primary-key
-- run:
ALTER TABLE audit_log ADD PRIMARY KEY (id);
-- case: add-exclude
-- run:
ALTER TABLE audit_log ADD CONSTRAINT audit_log_excl EXCLUDE USING btree (id WITH =);
-- case: add-fk-validating
-- run:
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id);
-- case: drop-fk-constraint
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- run:
ALTER TABLE orders DROP CONSTRAINT fk_orders_user;
-- case: drop-constraint
-- run:
ALTER TABLE orders DROP CONSTRAINT orders_pkey CASCADE;
-- case: validate-check
ALTER TABLE orders ADD CONSTRAINT chk_amount CHECK (amount >= 0) NOT VALID;
-- run:
ALTER TABLE orders VALIDATE CONSTRAINT chk_amount;
-- case: rename-constraint
-- run:
ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk;
-- case: drop-default
-- run:
ALTER TABLE orders ALTER COLUMN amount DROP DEFAULT;
-- case: set-statistics
-- run:
ALTER TABLE orders ALTER COLUMN amount SET STATISTICS 500;
-- case: set-storage
-- run:
ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL;
-- case: set-column-options
-- run:
ALTER TABLE orders ALTER COLUMN user_id SET (n_distinct = 100);
-- case: add-identity
ALTER TABLE audit_log ALTER COLUMN id SET NOT NULL;
-- run:
ALTER TABLE audit_log ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
-- case: reset-storage-params
-- run:
ALTER TABLE orders RESET (fillfactor);
-- case: set-tablespace
-- run:
ALTER TABLE orders SET TABLESPACE pg_default;
-- case: set-unlogged
-- run:
ALTER TABLE audit_log SET UNLOGGED;
-- case: disable-trigger
CREATE TRIGGER trg_orders BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();
-- run:
ALTER TABLE orders DISABLE TRIGGER trg_orders;
-- case: force-rls
-- run:
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
-- case: owner-to
-- run:
ALTER TABLE orders OWNER TO CURRENT_USER;
-- case: set-schema
-- run:
ALTER TABLE audit_log SET SCHEMA other;
-- case: cluster-on
-- run:
ALTER TABLE orders CLUSTER ON orders_pkey;
-- case: set-without-cluster
-- run:
ALTER TABLE orders SET WITHOUT CLUSTER;
-- case: inherit
-- run:
ALTER TABLE audit_log INHERIT parent_t;
-- case: no-inherit
ALTER TABLE audit_log INHERIT parent_t;
-- run:
ALTER TABLE audit_log NO INHERIT parent_t;
-- case: replica-identity
-- run:
ALTER TABLE orders REPLICA IDENTITY FULL;
-- case: detach-partition
-- run:
ALTER TABLE measurements DETACH PARTITION measurements_2023;
-- case: alter-constraint-deferrable
ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- run:
ALTER TABLE orders ALTER CONSTRAINT fk_orders_user DEFERRABLE;

-- Views, sequences, matviews
-- case: alter-view-rename
-- run:
ALTER VIEW order_view RENAME TO order_view2;
-- case: alter-matview-rename
-- run:
ALTER MATERIALIZED VIEW order_totals RENAME TO order_totals2;
-- case: alter-sequence-restart
-- run:
ALTER SEQUENCE order_seq RESTART WITH 10;
-- case: alter-sequence-rename
-- run:
ALTER SEQUENCE order_seq RENAME TO order_seq2;
-- case: refresh-matview
-- run:
REFRESH MATERIALIZED VIEW order_totals;
-- case: drop-view
-- run:
DROP VIEW order_view;
-- case: drop-matview
-- run:
DROP MATERIALIZED VIEW order_totals;
-- case: drop-sequence
-- run:
DROP SEQUENCE order_seq;

-- Triggers, policies, comments
-- case: drop-trigger
CREATE TRIGGER trg_orders BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();
-- run:
DROP TRIGGER IF EXISTS trg_orders ON orders;
-- case: alter-trigger-rename
CREATE TRIGGER trg_orders BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION set_updated_at();
-- run:
ALTER TRIGGER trg_orders ON orders RENAME TO trg_orders2;
-- case: alter-policy
CREATE POLICY orders_owner ON orders FOR SELECT USING (true);
-- run:
ALTER POLICY orders_owner ON orders USING (user_id > 0);
-- case: drop-policy
CREATE POLICY orders_owner ON orders FOR SELECT USING (true);
-- run:
DROP POLICY orders_owner ON orders;
-- case: comment-on-table
-- run:
COMMENT ON TABLE orders IS 'orders';
-- case: comment-on-constraint
-- run:
COMMENT ON CONSTRAINT orders_pkey ON orders IS 'pk';
-- case: comment-on-function
-- run:
COMMENT ON FUNCTION set_updated_at() IS 'trigger function';

-- Objects without storage
-- case: drop-type
-- run:
DROP TYPE IF EXISTS order_state;
-- case: drop-function
-- run:
DROP FUNCTION IF EXISTS no_such_function(int);
-- case: drop-schema-cascade
CREATE TABLE other.things (id int);
-- run:
DROP SCHEMA other CASCADE;
-- case: revoke
-- run:
REVOKE ALL ON TABLE orders FROM PUBLIC;
-- case: call
-- run:
CALL noop_proc();

-- Data
-- case: insert-values
-- run:
INSERT INTO audit_log (id, msg) VALUES (1001, 'x');
-- case: insert-select
-- run:
INSERT INTO audit_log (id, msg) SELECT id, reference FROM orders WHERE id < 10;
-- case: update-all-rows
-- run:
UPDATE audit_log SET msg = 'y';
-- case: delete-using
-- run:
DELETE FROM audit_log a USING orders o WHERE o.id = a.id AND o.amount > 100;
-- case: merge
-- since: 15
-- run:
MERGE INTO audit_log a USING orders o ON o.id = a.id WHEN MATCHED THEN UPDATE SET msg = o.reference;
-- case: select
-- run:
SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id;
-- case: select-for-update
-- run:
SELECT id FROM orders WHERE id < 10 FOR UPDATE;
-- case: with-update
-- run:
WITH big AS (SELECT id FROM orders WHERE amount > 1000) UPDATE audit_log SET msg = 'big' WHERE id IN (SELECT id FROM big);
-- case: savepoint
-- run:
SAVEPOINT before_change;
-- case: analyze-all
-- run:
ANALYZE;
-- case: vacuum-all
-- run:
VACUUM;
-- case: lock-table-share-nowait
-- run:
LOCK TABLE orders, users IN SHARE MODE NOWAIT;
-- case: lock-table-row-exclusive
-- run:
LOCK TABLE ONLY orders IN ROW EXCLUSIVE MODE;
