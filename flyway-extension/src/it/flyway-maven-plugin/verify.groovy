// The database after both runs, and the refusal in the second run's log; then drops the database.
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
    expect('history', single(c, "SELECT string_agg(version || ':' || success, ' ' ORDER BY installed_rank)"
        + " FROM flyway_schema_history WHERE version IS NOT NULL"), '1:true 2:true')
    expect('timeouts inside the migration (flyway.pgsafe.* project properties)',
        single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    expect('columns of the mixed script', single(c, "SELECT count(*) FROM pg_attribute"
        + " WHERE attrelid = 'users'::regclass AND attname IN ('note', 'status')"), '2')
    expect('index built concurrently and valid', single(c, "SELECT indisvalid FROM pg_index"
        + " WHERE indexrelid = 'users_team_idx'::regclass"), 't')
    expect('nothing of the refused run applied', single(c, "SELECT to_regclass('audit') IS NULL"), 't')
    expect('column not renamed', single(c, "SELECT count(*) FROM pg_attribute"
        + " WHERE attrelid = 'users'::regclass AND attname = 'name'"), '1')
  } finally {
    c.close()
  }
  def log = new File(basedir, 'build.log').text
  ['pgsafe stopped migrate before anything was applied', 'V4__rename.sql:1', 'renaming-column'].each {
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
