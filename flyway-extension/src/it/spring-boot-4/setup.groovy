// Creates this run's throwaway database; verify.groovy drops it.
def db = evaluate(new File(pgsafeItSupport, 'database.groovy'))
db.create(pgsafeItDatabase + '_boot4')
return true
