// The database after both runs and the refusal in the second run's log; then drops the database.
def db = evaluate(new File(pgsafeItSupport, 'database.groovy'))

try {
  def c = db.connect(pgsafeItUrl)
  try {
    db.expect('applied changesets', db.single(c, "SELECT string_agg(id, ' ' ORDER BY orderexecuted)"
        + " FROM databasechangelog"), 'users status-backfill email-index')
    db.expect('timeouts inside the changeset (liquibase.pgsafe.* system properties)',
        db.single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    db.expect('rows backfilled', db.single(c, "SELECT count(*) FROM users WHERE status = 'active'"), '3000')
    db.expect('backfill recorded under the changeset', db.single(c, "SELECT status FROM pgsafe_backfill"
        + " WHERE name = 'liquibase:changelog.xml::status-backfill::maven'"), 'done')
    db.expect('index built concurrently and valid', db.single(c, "SELECT indisvalid FROM pg_index"
        + " WHERE indexrelid = 'users_email_idx'::regclass"), 't')
    db.expect('nothing of the refused run applied', db.single(c, "SELECT to_regclass('audit') IS NULL"
        + " AND to_regclass('users_status_idx') IS NULL"), 't')
  } finally {
    c.close()
  }
  db.expectInLog(basedir, ['[pgsafe] require-concurrent-index-creation in changeset unsafe.xml::status-index::maven',
   'Use instead: pgsafe:concurrentIndex.'])
} finally {
  db.drop(pgsafeItDatabase)
}
return true
