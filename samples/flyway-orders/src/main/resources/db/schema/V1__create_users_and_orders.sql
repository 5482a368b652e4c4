-- The application's schema before the two scenarios: what production runs today.
CREATE TABLE users (
  id bigint PRIMARY KEY,
  name text,
  email varchar(255) NOT NULL
);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL,
  amount integer NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
