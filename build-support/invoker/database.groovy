// Shared by the setup and verify scripts of the invoker projects (flyway-extension/src/it,
// liquibase-extension/src/it): their throwaway databases on the server the build names
// (pgsafeItAdminUrl, pgsafeItUser), and the checks they make. Load it with
//   def db = evaluate(new File(pgsafeItSupport, 'database.groovy'))
def driver = Class.forName('org.postgresql.Driver', true, getClass().classLoader)
    .getDeclaredConstructor().newInstance()
def props = new Properties()
props.setProperty('user', pgsafeItUser)

def connect = { String url -> driver.connect(url, props) }
def onAdmin = { String sql ->
  def admin = connect(pgsafeItAdminUrl)
  try {
    admin.createStatement().execute(sql)
  } finally {
    admin.close()
  }
}

[
  create: { String name -> onAdmin('CREATE DATABASE "' + name + '"') },
  drop: { String name -> onAdmin('DROP DATABASE IF EXISTS "' + name + '" WITH (FORCE)') },
  connect: connect,
  single: { c, String sql ->
    def rs = c.createStatement().executeQuery(sql)
    rs.next()
    rs.getString(1)
  },
  expect: { String what, actual, expected ->
    if (actual != expected) {
      throw new AssertionError(what + ": expected <" + expected + "> but was <" + actual + ">")
    }
  },
  expectInLog: { File projectDir, List<String> texts ->
    def log = new File(projectDir, 'build.log').text
    texts.each {
      if (!log.contains(it)) {
        throw new AssertionError("build.log does not say '" + it + "'")
      }
    }
  },
]
