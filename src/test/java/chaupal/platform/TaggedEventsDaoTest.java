package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.stream.javadsl.Sink;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaggedEventsDaoTest {

  @Test
  void readsOnlyTheTagsEventsAfterTheOffsetInJournalOrderSkippingDeletedOnes() throws Exception {
    try (Database db = TestDatabase.create("tagged_events_dao")) {
      try (Connection c = db.dataSource().getConnection()) {
        // ordering 1..12: citizen A's events tagged a, citizen B's tagged b, every third also tagged c.
        for (int i = 1; i <= 12; i++) {
          String pid = i % 2 == 0 ? "A" : "B";
          long ordering = event(c, pid, i, "event " + i);
          tag(c, ordering, i % 2 == 0 ? "a" : "b");
          if (i % 3 == 0) tag(c, ordering, "c");
        }
        try (Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE event_journal SET deleted = true WHERE ordering = 6");
        }
      }
      ActorTestKit kit = ActorTestKit.create("tagged_events_dao", TestDatabase.akkaConfig(db, ConfigFactory.parseString("akka.remote.artery.canonical.port = 0")));
      try {
        JdbcReadJournal journal = PersistenceQuery.get(kit.system())
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());

        assertEquals(List.of("event 2", "event 4", "event 8", "event 10", "event 12"), events(kit, journal, "a", 0));
        assertEquals(List.of("event 8", "event 10", "event 12"), events(kit, journal, "a", 4), "the offset is exclusive");
        assertEquals(List.of("event 3", "event 9", "event 12"), events(kit, journal, "c", 0));
        assertEquals(List.of(), events(kit, journal, "nobody", 0));
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void anIdleTagStreamPollsWithoutQueryingTheTags() throws Exception {
    try (Database db = TestDatabase.create("tagged_events_idle")) {
      try (Connection c = db.dataSource().getConnection()) {
        tag(c, event(c, "A", 1, "event 1"), "a");
      }
      ActorTestKit kit = ActorTestKit.create("tagged_events_idle", TestDatabase.akkaConfig(db, ConfigFactory.parseString("akka.remote.artery.canonical.port = 0")));
      try {
        JdbcReadJournal journal = PersistenceQuery.get(kit.system())
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        CompletableFuture<Done> stream = journal.eventsByTag("a", Offset.sequence(0))
            .map(e -> (String) e.event())
            .runForeach(seen::add, kit.system())
            .toCompletableFuture();
        assertEquals("event 1", seen.poll(10, TimeUnit.SECONDS));

        // With the tag table gone, any poll that queried it would fail the stream; an idle one has nothing to ask.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
          s.execute("ALTER TABLE event_tag RENAME TO event_tag_away");
          Thread.sleep(1_500); // fifteen polls at the read journal's 100 ms
          s.execute("ALTER TABLE event_tag_away RENAME TO event_tag");
        }
        assertFalse(stream.isDone(), () -> "the idle stream queried the tags and failed: " + stream.handle((d, e) -> e).join());

        try (Connection c = db.dataSource().getConnection()) {
          tag(c, event(c, "A", 2, "event 2"), "a");
        }
        assertEquals("event 2", seen.poll(10, TimeUnit.SECONDS), "a new event is read as before");
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void theTagQueryUsesTheTagIndexEvenBeforeTheTablesAreAnalyzed() throws Exception {
    try (Database db = TestDatabase.create("tagged_events_plan"); Connection c = db.dataSource().getConnection()) {
      try (Statement s = c.createStatement()) {
        // 20,000 events over eight tags, never analyzed: the state of a fresh deployment's first minute.
        s.execute("INSERT INTO event_journal (persistence_id, sequence_number, writer, event_ser_id, event_ser_manifest, event_payload)"
            + " SELECT 'P' || (g % 500), g, 'w', 20, '', '\\x00' FROM generate_series(1, 20000) g");
        s.execute("INSERT INTO event_tag (event_id, tag) SELECT ordering, 'citizen-' || (ordering % 8) FROM event_journal");
      }
      String sql = TaggedEventsDao.query("event_journal", "event_tag");
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
        ps.setString(1, "citizen-3");
        ps.setLong(2, 19000);
        ps.setLong(3, 20000);
        ps.setLong(4, 500);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) plan.append(rs.getString(1)).append('\n');
        }
      }
      assertTrue(plan.toString().contains("event_tag_tag_event_idx"), plan.toString());
      assertFalse(plan.toString().contains("Seq Scan"), plan.toString());
    }
  }

  private static List<String> events(ActorTestKit kit, JdbcReadJournal journal, String tag, long after) throws Exception {
    return journal.currentEventsByTag(tag, Offset.sequence(after))
        .map(EventEnvelope::event)
        .map(String.class::cast)
        .runWith(Sink.seq(), kit.system())
        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static long event(Connection c, String pid, long seq, String text) throws Exception {
    // Serializer 20 is Akka's StringSerializer: the payload is the string's UTF-8 bytes.
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, writer, "
        + "write_timestamp, event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, 'test', 0, 20, '', ?) RETURNING ordering")) {
      ps.setString(1, pid);
      ps.setLong(2, seq);
      ps.setBytes(3, text.getBytes(StandardCharsets.UTF_8));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void tag(Connection c, long ordering, String tag) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_tag (event_id, tag) VALUES (?, ?)")) {
      ps.setLong(1, ordering);
      ps.setString(2, tag);
      ps.executeUpdate();
    }
  }

}
