-- NAIVE: scenario 2 in one step. Fast, but every running application query that names "name"
-- fails from the commit until the new application version is deployed.
ALTER TABLE users RENAME COLUMN name TO display_name;
