package chaupal.broadcast;

import chaupal.db.Forgetting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Forgets a citizen's consents, given and ended, in the retention sweep's transaction. */
public final class SubscriptionForgetting implements Forgetting {

  @Override
  public void forgetCitizens(Connection c, List<String> citizenIds) throws SQLException {
    SubscriptionTable.forget(c, citizenIds);
  }
}
