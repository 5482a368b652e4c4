// The database after both runs, and the refusal in the second run's log; then drops the database.
def db = evaluate(new File(pgsafeItSupport, 'database.groovy'))

try {
  def c = db.connect(pgsafeItUrl)
  try {
    db.expect('history', db.single(c, "SELECT string_agg(version || ':' || success, ' ' ORDER BY installed_rank)"
        + " FROM flyway_schema_history WHERE version IS NOT NULL"), '1:true 2:true')
    db.expect('timeouts inside the migration (flyway.pgsafe.* project properties)',
        db.single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    db.expect('columns of the mixed script', db.single(c, "SELECT count(*) FROM pg_attribute"
        + " WHERE attrelid = 'users'::regclass AND attname IN ('note', 'status')"), '2')
    db.expect('index built concurrently and valid', db.single(c, "SELECT indisvalid FROM pg_index"
        + " WHERE indexrelid = 'users_team_idx'::regclass"), 't')
    db.expect('nothing of the refused run applied', db.single(c, "SELECT to_regclass('audit') IS NULL"), 't')
    db.expect('column not renamed', db.single(c, "SELECT count(*) FROM pg_attribute"
        + " WHERE attrelid = 'users'::regclass AND attname = 'name'"), '1')
  } finally {
    c.close()
  }
  db.expectInLog(basedir, ['pgsafe stopped migrate before anything was applied', 'V4__rename.sql:1', 'renaming-column'])
} finally {
  db.drop(pgsafeItDatabase)
}
return true
