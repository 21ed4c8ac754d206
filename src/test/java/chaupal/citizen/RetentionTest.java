package chaupal.citizen;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.ingress.UnroutableWebhooks;
import chaupal.outbound.OutboundForgetting;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class RetentionTest {

  static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
  static final Duration RETENTION = Duration.ofDays(730);

  @Test
  void forgetsCitizensSilentForLongerThanTheRetentionAndNobodyElse() throws Exception {
    try (Database db = TestDatabase.create("data_retention"); Connection c = db.dataSource().getConnection()) {
      Instant old = NOW.minus(Duration.ofDays(800));
      Instant recent = NOW.minus(Duration.ofDays(10));
      event(c, "Citizen|919800000601", 1, old);
      event(c, "Citizen|919800000601", 2, old.plusSeconds(60));
      event(c, "Citizen|919800000602", 1, old);
      event(c, "Citizen|919800000602", 2, recent);
      event(c, "Citizen|919800000603", 1, recent);
      exec(c, "INSERT INTO snapshot VALUES ('Citizen|919800000601', 2, 0, 1, '', '\\x00', NULL, NULL, NULL)");
      outbox(c, "k1", "919800000601", "wamid.OLD1", old);
      outbox(c, "k2", "919800000602", "wamid.KEEP1", old);
      status(c, "wamid.OLD1", "919800000601");
      status(c, "wamid.KEEP1", "919800000602");
      unroutable(c, old);
      unroutable(c, recent);

      Retention.Swept swept = retention(db.dataSource()).sweep(NOW);

      assertEquals(new Retention.Swept(1, 1), swept);
      assertEquals(0, count(c, "SELECT count(*) FROM event_journal WHERE persistence_id = 'Citizen|919800000601'"));
      assertEquals(0, count(c, "SELECT count(*) FROM snapshot"));
      assertEquals(0, count(c, "SELECT count(*) FROM outbound_message WHERE recipient = '919800000601'"));
      assertEquals(0, count(c, "SELECT count(*) FROM outbound_delivery_status WHERE wamid = 'wamid.OLD1'"));
      assertEquals(2, count(c, "SELECT count(*) FROM event_journal WHERE persistence_id = 'Citizen|919800000602'"),
          "a citizen who wrote recently keeps all their history");
      assertEquals(1, count(c, "SELECT count(*) FROM event_journal WHERE persistence_id = 'Citizen|919800000603'"));
      assertEquals(1, count(c, "SELECT count(*) FROM outbound_message"));
      assertEquals(1, count(c, "SELECT count(*) FROM outbound_delivery_status"));
      assertEquals(1, count(c, "SELECT count(*) FROM unroutable_webhook"));
      assertEquals(new Retention.Swept(0, 0), retention(db.dataSource()).sweep(NOW), "idempotent");
    }
  }

  @Test
  void forgetsWhenASilentCitizenLastWroteOnEachChannel() throws Exception {
    try (Database db = TestDatabase.create("retention_service_window"); Connection c = db.dataSource().getConnection()) {
      Instant old = NOW.minus(Duration.ofDays(800));
      event(c, "Citizen|919800000611", 1, old);
      event(c, "Citizen|919800000612", 1, NOW.minus(Duration.ofDays(10)));
      window(c, "100000000000001", "919800000611", old);
      window(c, "100000000000002", "919800000611", old);
      window(c, "100000000000001", "919800000612", NOW.minus(Duration.ofDays(10)));

      retention(db.dataSource()).sweep(NOW);

      assertEquals(0, count(c, "SELECT count(*) FROM outbound_service_window WHERE recipient = '919800000611'"),
          "the privacy notice's promise covers when the citizen wrote, not only what");
      assertEquals(1, count(c, "SELECT count(*) FROM outbound_service_window WHERE recipient = '919800000612'"));
    }
  }

  /** The sweep with the hooks of the parts that hold citizens' data, as the node wires it. */
  private static Retention retention(DataSource dataSource) {
    return new Retention(dataSource, RETENTION, List.of(new OutboundForgetting(), new UnroutableWebhooks(dataSource, Runnable::run)));
  }

  private static void window(Connection c, String phoneNumberId, String recipient, Instant at) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO outbound_service_window (phone_number_id, recipient, last_inbound_at) VALUES (?, ?, ?)")) {
      ps.setString(1, phoneNumberId);
      ps.setString(2, recipient);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.executeUpdate();
    }
  }

  private static void event(Connection c, String pid, long seq, Instant at) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, writer, "
        + "write_timestamp, event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, 'test', ?, 1, '', '\\x00')")) {
      ps.setString(1, pid);
      ps.setLong(2, seq);
      ps.setLong(3, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static void outbox(Connection c, String key, String recipient, String wamid, Instant at) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbound_message (message_key, partition_no, ordering_key, "
        + "phone_number_id, recipient, body, state, wamid, created_at) VALUES (?, 0, ?, '100000000000001', ?, '\\x00', 'accepted', ?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, recipient);
      ps.setString(3, recipient);
      ps.setString(4, wamid);
      ps.setTimestamp(5, Timestamp.from(at));
      ps.executeUpdate();
    }
  }

  private static void status(Connection c, String wamid, String recipient) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbound_delivery_status (wamid, status, status_rank, status_at, recipient) "
        + "VALUES (?, 'read', 3, now(), ?)")) {
      ps.setString(1, wamid);
      ps.setString(2, recipient);
      ps.executeUpdate();
    }
  }

  private static void unroutable(Connection c, Instant at) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO unroutable_webhook (received_at, phone_number_id, reason, body) VALUES (?, '1', 'test', '\\x00')")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.executeUpdate();
    }
  }

  private static void exec(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
