// The database after both runs and the refusal in the second run's log; then drops the database.
def driver = Class.forName('org.postgresql.Driver', true, getClass().classLoader)
    .getDeclaredConstructor().newInstance()
def props = new Properties()
props.setProperty('user', pgsafeItUser)

def single = { c, String sql ->
  def rs = c.createStatement().executeQuery(sql)
  rs.next()
  rs.getString(1)
}
def expect = { String what, actual, expected ->
  if (actual != expected) {
    throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">")
  }
}

try {
  def c = driver.connect(pgsafeItUrl, props)
  try {
    expect('applied changesets', single(c, "SELECT string_agg(id, ' ' ORDER BY orderexecuted)"
        + " FROM databasechangelog"), 'users status-backfill email-index')
    expect('timeouts inside the changeset (liquibase.pgsafe.* system properties)',
        single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    expect('rows backfilled', single(c, "SELECT count(*) FROM users WHERE status = 'active'"), '3000')
    expect('backfill recorded under the changeset', single(c, "SELECT status FROM pgsafe_backfill"
        + " WHERE name = 'liquibase:changelog.xml::status-backfill::maven'"), 'done')
    expect('index built concurrently and valid', single(c, "SELECT indisvalid FROM pg_index"
        + " WHERE indexrelid = 'users_email_idx'::regclass"), 't')
    expect('nothing of the refused run applied', single(c, "SELECT to_regclass('audit') IS NULL"
        + " AND to_regclass('users_status_idx') IS NULL"), 't')
  } finally {
    c.close()
  }
  def log = new File(basedir, 'build.log').text
  ['[pgsafe] require-concurrent-index-creation in changeset unsafe.xml::status-index::maven',
   'Use instead: pgsafe:concurrentIndex.'].each {
    if (!log.contains(it)) {
      throw new AssertionError("build.log does not say '" + it + "'")
    }
  }
} finally {
  def admin = driver.connect(pgsafeItAdminUrl, props)
  try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS "' + pgsafeItDatabase + '" WITH (FORCE)')
  } finally {
    admin.close()
  }
}
return true
