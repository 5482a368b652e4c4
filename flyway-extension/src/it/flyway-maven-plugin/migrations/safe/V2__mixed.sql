ALTER TABLE users ADD COLUMN note text;
CREATE INDEX CONCURRENTLY users_team_idx ON users (team_id);
ALTER TABLE users ADD COLUMN status text;
