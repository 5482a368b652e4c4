CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,
  current_setting('statement_timeout') AS statement_timeout;
CREATE TABLE users (id bigint PRIMARY KEY, name text, team_id bigint);
