-- NAIVE: one UPDATE of every row in one transaction. Every updated row stays locked until commit,
-- so each application UPDATE of an order waits for the whole backfill.
UPDATE orders SET user_email = (SELECT email FROM users WHERE users.id = orders.user_id);
