package chaupal.broadcast;

import chaupal.db.Forgetting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Retention's hook: a forgotten citizen leaves no line in any campaign's recipients (the figures shrink with them). */
public final class CampaignForgetting implements Forgetting {

  @Override
  public void forgetCitizens(Connection c, List<String> citizenIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM broadcast_campaign_recipient WHERE citizen_id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("varchar", citizenIds.toArray()));
      ps.executeUpdate();
    }
  }
}
