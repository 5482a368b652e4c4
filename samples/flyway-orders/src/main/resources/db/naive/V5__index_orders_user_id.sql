-- NAIVE: a plain CREATE INDEX holds SHARE for the whole build; every write to orders waits.
CREATE INDEX orders_user_id_idx ON orders (user_id);
