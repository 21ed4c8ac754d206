package chaupal.broadcast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.Set;

/**
 * The SQL of {@code broadcast_subscription} (V81). A change applies only when it names another
 * request than the one that last changed the row and is not older than the row's latest change,
 * so a replayed or reordered event changes nothing.
 */
final class SubscriptionTable {

  /** The consent sources the table accepts. */
  static final Set<String> SOURCES = Set.of("chat", "missed-call", "web-form");

  private static final String SUBSCRIBE = """
      INSERT INTO broadcast_subscription
        (channel_id, citizen_id, topic, tenant, language, ulb, ward, subscribed_at, source, ended_at, end_reason, last_request)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)
      ON CONFLICT (channel_id, citizen_id, topic) DO UPDATE SET
        tenant = EXCLUDED.tenant, language = EXCLUDED.language, ulb = EXCLUDED.ulb, ward = EXCLUDED.ward,
        subscribed_at = EXCLUDED.subscribed_at, source = EXCLUDED.source, ended_at = NULL, end_reason = NULL,
        last_request = EXCLUDED.last_request
      WHERE broadcast_subscription.last_request <> EXCLUDED.last_request
        AND GREATEST(broadcast_subscription.subscribed_at, broadcast_subscription.ended_at) <= EXCLUDED.subscribed_at
      """;

  // topic = ANY(NULL) is never true: a null list (every topic) is matched by the IS NULL arm.
  private static final String END = """
      UPDATE broadcast_subscription SET ended_at = ?, end_reason = ?, last_request = ?
      WHERE channel_id = ? AND citizen_id = ? AND ended_at IS NULL AND last_request <> ? AND subscribed_at <= ?
        AND (?::varchar[] IS NULL OR topic = ANY(?::varchar[]))
      """;

  private SubscriptionTable() {}

  static void subscribe(Connection c, String tenant, ConsentChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SUBSCRIBE)) {
      ps.setString(1, change.channelId());
      ps.setString(2, change.citizenId());
      ps.setString(3, change.topic());
      ps.setString(4, tenant);
      ps.setString(5, change.language());
      ps.setString(6, change.ulb());
      if (change.ward() == null) ps.setNull(7, Types.INTEGER);
      else ps.setInt(7, change.ward());
      ps.setTimestamp(8, new Timestamp(change.atMillis()));
      ps.setString(9, change.source());
      ps.setString(10, change.requestId());
      ps.executeUpdate();
    }
  }

  /** Ends the consents that hold for these topics ({@code topics} null: every topic) of the change's channel and citizen. */
  static void end(Connection c, ConsentChange change, List<String> topics) throws SQLException {
    if (topics != null && topics.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(END)) {
      Timestamp at = new Timestamp(change.atMillis());
      ps.setTimestamp(1, at);
      ps.setString(2, change.source());
      ps.setString(3, change.requestId());
      ps.setString(4, change.channelId());
      ps.setString(5, change.citizenId());
      ps.setString(6, change.requestId());
      ps.setTimestamp(7, at);
      java.sql.Array array = topics == null ? null : c.createArrayOf("varchar", topics.toArray());
      ps.setArray(8, array);
      ps.setArray(9, array);
      ps.executeUpdate();
    }
  }

  /** Deletes every consent of these citizens (retention): nothing of theirs is kept once they are forgotten. */
  static int forget(Connection c, List<String> citizenIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM broadcast_subscription WHERE citizen_id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("varchar", citizenIds.toArray()));
      return ps.executeUpdate();
    }
  }
}
