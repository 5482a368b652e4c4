// Creates this run's throwaway database; verify.groovy drops it.
def driver = Class.forName('org.postgresql.Driver', true, getClass().classLoader)
    .getDeclaredConstructor().newInstance()
def props = new Properties()
props.setProperty('user', pgsafeItUser)
def c = driver.connect(pgsafeItAdminUrl, props)
try {
  c.createStatement().execute('CREATE DATABASE "' + pgsafeItDatabase + '"')
} finally {
  c.close()
}
return true
