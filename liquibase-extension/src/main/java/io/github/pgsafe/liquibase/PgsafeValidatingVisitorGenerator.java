package io.github.pgsafe.liquibase;

import java.util.List;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.ValidatingVisitor;
import liquibase.changelog.visitor.ValidatingVisitorGenerator;

/** Puts {@link ChangeGuard} in the place of Liquibase's validating visitor (Liquibase 4.28+). */
public class PgsafeValidatingVisitorGenerator implements ValidatingVisitorGenerator {
  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  public ValidatingVisitor generateValidatingVisitor(List<RanChangeSet> ranChangeSetList) {
    return new ChangeGuard(ranChangeSetList);
  }
}
