package chaupal.cases;

import chaupal.db.HandOverSession;
import javax.sql.DataSource;

/** A case projection's transaction: the shared JDBC session, with nothing to hand over after the commit. */
final class CaseSession extends HandOverSession<Object> {

  CaseSession(DataSource dataSource) {
    super(dataSource, "case", rows -> {});
  }
}
