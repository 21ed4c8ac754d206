package chaupal.outbound;

import chaupal.db.Forgetting;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Forgets what the outbox holds of a citizen: their messages, Meta's statuses of them, their service windows. */
public final class OutboundForgetting implements Forgetting {

  @Override
  public void forgetCitizens(Connection c, List<String> citizenIds) throws SQLException {
    Array recipients = c.createArrayOf("varchar", citizenIds.toArray());
    execute(c, "DELETE FROM outbound_delivery_status WHERE wamid IN "
        + "(SELECT wamid FROM outbound_message WHERE recipient = ANY(?) AND wamid IS NOT NULL)", recipients);
    execute(c, "DELETE FROM outbound_delivery_status WHERE recipient = ANY(?)", recipients);
    execute(c, "DELETE FROM outbound_message WHERE recipient = ANY(?)", recipients);
    // When the citizen last wrote on each channel is their data too.
    execute(c, "DELETE FROM outbound_service_window WHERE recipient = ANY(?)", recipients);
  }

  private static void execute(Connection c, String sql, Array ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, ids);
      ps.executeUpdate();
    }
  }
}
