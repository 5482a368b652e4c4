// The database after both runs, and the refusal in the second run's log; then drops the database.
def database = pgsafeItDatabase + '_boot4'
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
  def c = driver.connect(pgsafeItUrl + '_boot4', props)
  try {
    expect('history', single(c, "SELECT string_agg(version || ':' || success, ' ' ORDER BY installed_rank)"
        + " FROM flyway_schema_history WHERE version IS NOT NULL"), '1:true')
    expect('timeouts inside the migration (pgsafe.* properties)',
        single(c, "SELECT lock_timeout || ' ' || statement_timeout FROM seen"), '70ms 9s')
    expect("the application's own callback ran", single(c, "SELECT count(*) FROM app_callback_ran"), '1')
    expect('nothing of the refused run applied', single(c, "SELECT to_regclass('audit') IS NULL"), 't')
  } finally {
    c.close()
  }
  def log = new File(basedir, 'build.log').text
  ['pgsafe stopped migrate before anything was applied', 'V3__rename.sql:1', 'renaming-column'].each {
    if (!log.contains(it)) {
      throw new AssertionError("build.log does not say '" + it + "'")
    }
  }
} finally {
  def admin = driver.connect(pgsafeItAdminUrl, props)
  try {
    admin.createStatement().execute('DROP DATABASE IF EXISTS "' + database + '" WITH (FORCE)')
  } finally {
    admin.close()
  }
}
return true
