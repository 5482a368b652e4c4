-- The template database of LockTruthIT: the tables the statement corpus names, 1,000 rows each,
-- so that scans and rewrites show in pg_stat_xact_user_tables and pg_class.relfilenode.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
INSERT INTO users SELECT g, 'user' || g || '@example.com', NULL FROM generate_series(1, 1000) g;
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint,
    user_email text,
    amount numeric(12,2) NOT NULL DEFAULT 0,
    reference text,
    status text,
    note text,
    legacy_flag boolean,
    old_note text
);
INSERT INTO orders
SELECT g, (g % 1000) + 1, 'user' || ((g % 1000) + 1) || '@example.com', g * 1.5, 'REF' || g, 'new', 'n', false, 'o'
FROM generate_series(1, 1000) g;
CREATE INDEX idx_orders_user_id ON orders (user_id);
CREATE INDEX idx_orders_old ON orders (status);
CREATE UNIQUE INDEX idx_orders_ref ON orders (reference);
CREATE TABLE measurements (id bigint NOT NULL, logdate date NOT NULL, reading double precision) PARTITION BY RANGE (logdate);
CREATE TABLE measurements_2023 PARTITION OF measurements FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO measurements_2023 SELECT g, date '2023-01-01' + (g % 365), g FROM generate_series(1, 1000) g;
CREATE TABLE measurements_2024 (id bigint NOT NULL, logdate date NOT NULL, reading double precision);
INSERT INTO measurements_2024 SELECT g, date '2024-01-01' + (g % 365), g FROM generate_series(1, 1000) g;
CREATE INDEX measurements_logdate_idx ON ONLY measurements (logdate);
CREATE INDEX measurements_2024_logdate_idx ON measurements_2024 (logdate);
CREATE TABLE audit_log (id bigint, msg text);
INSERT INTO audit_log SELECT g, 'm' || g FROM generate_series(1, 1000) g;
CREATE TABLE tmp_import (id bigint, payload text);
INSERT INTO tmp_import SELECT g, 'p' || g FROM generate_series(1, 1000) g;
CREATE TABLE empty_t (id bigint);
CREATE TABLE parent_t (id bigint, msg text);
CREATE MATERIALIZED VIEW order_totals AS SELECT user_id, count(*) AS n FROM orders GROUP BY user_id;
CREATE UNIQUE INDEX order_totals_user ON order_totals (user_id);
CREATE VIEW order_view AS SELECT id, status FROM orders;
CREATE SEQUENCE order_seq;
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    RETURN NEW;
END;
$fn$;
CREATE PROCEDURE noop_proc() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE SCHEMA other;
ANALYZE;
