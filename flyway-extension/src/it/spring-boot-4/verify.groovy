// The database after both runs, and the refusal in the second run's log; then drops the database.
def db = evaluate(new File(pgsafeItSupport, 'database.groovy'))

try {
  def c = db.connect(pgsafeItUrl + '_boot4')
  try {
    db.expect('history', db.single(c, "SELECT string_agg(version || ':' || success, ' ' ORDER BY installed_rank)"
        + " FROM flyway_schema_history WHERE version IS NOT NULL"), '1:true')
    db.expect('timeouts inside the migration (pgsafe.* properties)',
        db.single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    db.expect("the application's own callback ran", db.single(c, "SELECT count(*) FROM app_callback_ran"), '1')
    db.expect('nothing of the refused run applied', db.single(c, "SELECT to_regclass('audit') IS NULL"), 't')
  } finally {
    c.close()
  }
  db.expectInLog(basedir, ['pgsafe stopped migrate before anything was applied', 'V3__rename.sql:1', 'renaming-column'])
} finally {
  db.drop(pgsafeItDatabase + '_boot4')
}
return true
