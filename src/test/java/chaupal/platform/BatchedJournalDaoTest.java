package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.AtomicWrite;
import akka.persistence.JournalProtocol;
import akka.persistence.Persistence;
import akka.persistence.PersistentEnvelope;
import akka.persistence.PersistentRepr;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.journal.Tagged;
import akka.persistence.query.EventEnvelope;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.Sequence;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal's write path (BatchedJournalDao) through the real plugin: writes sent straight to the
 * journal actor, so that one {@code WriteMessages} is one batch of several entities' events.
 */
class BatchedJournalDaoTest {

  /** A node started on the machine (a benchmark, another test run) may hold the default port. */
  private static final Config ANY_PORT = ConfigFactory.parseString("akka.remote.artery.canonical.port = 0");

  /** Every event of these tests and its tags: the truth the journal must keep. */
  private static final Map<String, Set<String>> TAGS = new HashMap<>();

  static {
    TAGS.put("A-1", Set.of("t1", "t2"));
    TAGS.put("A-3", Set.of("t1"));
    TAGS.put("A-4", Set.of("t3"));
    TAGS.put("A-6", Set.of("t1"));
    TAGS.put("B-1", Set.of("t2", "t3"));
    TAGS.put("B-2", Set.of("t2", "t3"));
    TAGS.put("C-3", Set.of("t1"));
    TAGS.put("D-1", Set.of("t1", "t2", "t3"));
    TAGS.put("X-1", Set.of("t1"));
  }

  @Test
  void aBatchOfSeveralEntitiesIsWrittenWithEachEventsTagsOnItsOwnRow() throws Exception {
    try (Database db = TestDatabase.create("batched_journal_dao")) {
      ActorTestKit kit = ActorTestKit.create("batched_journal_dao", TestDatabase.akkaConfig(db, ANY_PORT));
      try {
        assertEquals(BatchedJournalDao.class.getName(), kit.system().settings().config().getString("jdbc-journal.dao"));
        akka.actor.ActorRef journal = Persistence.get(kit.system()).journalFor("jdbc-journal", ConfigFactory.empty());

        // One batch: three entities' events, tagged and untagged, one with metadata and an adapter manifest.
        TestProbe<Object> first = kit.createTestProbe();
        journal.tell(writes(first, List.of(
            new AtomicWrite(seq(event("A", 1, "w"), event("A", 2, "w"), event("A", 3, "w").withManifest("v2"))),
            new AtomicWrite(seq(event("B", 1, "w"), event("B", 2, "w").withMetadata("meta of B-2"))),
            new AtomicWrite(seq(event("C", 1, "w"))),
            new AtomicWrite(seq(event("C", 2, "w"))),
            new AtomicWrite(seq(event("D", 1, "w"))))), akka.actor.ActorRef.noSender());
        expectWritten(first, 8);
        // A second batch: the entities go on. An entity writes again only once its last write is done, like here.
        TestProbe<Object> second = kit.createTestProbe();
        journal.tell(writes(second, List.of(
            new AtomicWrite(seq(event("A", 4, "w"), event("A", 5, "w"))),
            new AtomicWrite(seq(event("C", 3, "w"))))), akka.actor.ActorRef.noSender());
        expectWritten(second, 3);

        // Recovery replays A's events in order, and the entity goes on from sequence number 6.
        TestProbe<List<String>> events = kit.createTestProbe();
        ActorRef<Recorder.Command> a = kit.spawn(Recorder.create("A"));
        a.tell(new Recorder.Events(events.getRef()));
        assertEquals(List.of("A-1", "A-2", "A-3", "A-4", "A-5"), events.receiveMessage(Duration.ofSeconds(10)));
        TestProbe<Done> appended = kit.createTestProbe();
        a.tell(new Recorder.Append("A-6", appended.getRef()));
        appended.expectMessage(Duration.ofSeconds(10), Done.getInstance());

        Map<String, List<Long>> sequenceNumbers = new TreeMap<>();
        Map<String, Long> orderings = new HashMap<>();
        try (Connection c = db.dataSource().getConnection()) {
          try (PreparedStatement ps = c.prepareStatement("SELECT persistence_id, sequence_number, ordering, event_payload, writer,"
              + " adapter_manifest, meta_ser_id, meta_payload FROM event_journal ORDER BY persistence_id, sequence_number");
               ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String event = text(rs.getBytes(4));
              assertEquals(rs.getString(1) + "-" + rs.getLong(2), event, "the payload is the row's own event");
              sequenceNumbers.computeIfAbsent(rs.getString(1), pid -> new ArrayList<>()).add(rs.getLong(2));
              assertNull(orderings.put(event, rs.getLong(3)), event + " once");
              if (!event.equals("A-6")) assertEquals("w", rs.getString(5), "the writer of " + event);
              assertEquals(event.equals("A-3") ? "v2" : "", rs.getString(6), event);
              assertEquals(event.equals("B-2"), rs.getBytes(8) != null, event + " has metadata");
              if (event.equals("B-2")) assertEquals("meta of B-2", text(rs.getBytes(8)));
            }
          }
          assertEquals(Map.of("A", List.of(1L, 2L, 3L, 4L, 5L, 6L), "B", List.of(1L, 2L), "C", List.of(1L, 2L, 3L), "D", List.of(1L)),
              sequenceNumbers);
          for (String pid : sequenceNumbers.keySet()) {
            for (long n = 2; n <= sequenceNumbers.get(pid).size(); n++) {
              assertTrue(orderings.get(pid + "-" + n) > orderings.get(pid + "-" + (n - 1)), pid + "-" + n + " after its predecessor");
            }
          }

          Map<String, Set<String>> tagged = new TreeMap<>();
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT j.event_payload, t.tag FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id");
               ResultSet rs = ps.executeQuery()) {
            while (rs.next()) tagged.computeIfAbsent(text(rs.getBytes(1)), e -> new TreeSet<>()).add(rs.getString(2));
          }
          Map<String, Set<String>> expected = new TreeMap<>();
          TAGS.forEach((event, tags) -> {
            if (orderings.containsKey(event)) expected.put(event, new TreeSet<>(tags));
          });
          assertEquals(expected, tagged, "each event's tags point at that event's own row, untagged events have none");
        }

        JdbcReadJournal query = PersistenceQuery.get(kit.system()).getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        for (String tag : List.of("t1", "t2", "t3")) {
          List<String> inJournalOrder = orderings.entrySet().stream()
              .filter(e -> TAGS.getOrDefault(e.getKey(), Set.of()).contains(tag))
              .sorted(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey)
              .toList();
          List<EventEnvelope> read = query.eventsByTag(tag, Offset.noOffset())
              .take(inJournalOrder.size())
              .runWith(Sink.seq(), kit.system())
              .toCompletableFuture().get(10, TimeUnit.SECONDS);
          assertEquals(inJournalOrder, read.stream().map(e -> (String) e.event()).toList(), tag);
          for (EventEnvelope envelope : read) {
            String event = (String) envelope.event();
            assertEquals(event, envelope.persistenceId() + "-" + envelope.sequenceNr());
            assertEquals(new Sequence(orderings.get(event)), envelope.offset(), event);
          }
        }
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void aBatchThatRepeatsAnEventFailsWholeAndWritesNothing() throws Exception {
    try (Database db = TestDatabase.create("batched_journal_dao_conflict")) {
      ActorTestKit kit = ActorTestKit.create("batched_journal_dao_conflict", TestDatabase.akkaConfig(db, ANY_PORT));
      try {
        akka.actor.ActorRef journal = Persistence.get(kit.system()).journalFor("jdbc-journal", ConfigFactory.empty());
        TestProbe<Object> probe = kit.createTestProbe();
        journal.tell(writes(probe, List.of(new AtomicWrite(seq(event("A", 1, "first-writer"))))), akka.actor.ActorRef.noSender());
        expectWritten(probe, 1);

        // A second writer of A (an entity alive twice) repeats sequence number 1 in a batch with others.
        journal.tell(writes(probe, List.of(
            new AtomicWrite(seq(event("X", 1, "w"), event("X", 2, "w"))),
            new AtomicWrite(seq(event("A", 1, "second-writer"))),
            new AtomicWrite(seq(event("Y", 1, "w"))))), akka.actor.ActorRef.noSender());
        expectFailed(probe, 4);

        // Two writers of Z in one batch.
        journal.tell(writes(probe, List.of(
            new AtomicWrite(seq(event("Y", 1, "w"))),
            new AtomicWrite(seq(event("Z", 1, "first-writer"))),
            new AtomicWrite(seq(event("Z", 1, "second-writer"))))), akka.actor.ActorRef.noSender());
        expectFailed(probe, 3);

        try (Connection c = db.dataSource().getConnection()) {
          assertEquals(List.of("A-1 first-writer"), rows(c, "SELECT persistence_id || '-' || sequence_number || ' ' || writer FROM event_journal"));
          assertEquals(List.of("A-1 t1", "A-1 t2"), rows(c, "SELECT j.persistence_id || '-' || j.sequence_number || ' ' || t.tag"
              + " FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id ORDER BY t.tag"), "no tags of the failed batches");
        }

        // The failures left nothing behind that stops the next batch.
        journal.tell(writes(probe, List.of(new AtomicWrite(seq(event("Y", 1, "w"))))), akka.actor.ActorRef.noSender());
        expectWritten(probe, 1);
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  /**
   * A batch's transaction has its id before it draws an ordering, so a reader that sees every transaction
   * of a snapshot ended can give a gap below it up at once (SettledOrderings). nextval alone takes one only
   * when it writes the sequence's log (one call in 32), so the sequence is logged just before.
   */
  @Test
  void aBatchHoldsItsTransactionIdBeforeItDrawsAnOrdering() throws Exception {
    try (Database db = TestDatabase.create("batched_journal_xid")) {
      ActorTestKit kit = ActorTestKit.create("batched_journal_xid", TestDatabase.akkaConfig(db, ANY_PORT));
      try {
        akka.actor.ActorRef journal = Persistence.get(kit.system()).journalFor("jdbc-journal", ConfigFactory.empty());
        try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
          s.execute("CREATE TABLE drawn (ordering BIGINT, had_xid BOOLEAN)");
          // A BEFORE trigger runs after the row's default (its ordering) was drawn and before the row is stored.
          s.execute("CREATE FUNCTION test_record_xid() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " INSERT INTO drawn VALUES (NEW.ordering, pg_current_xact_id_if_assigned() IS NOT NULL); RETURN NEW; END $$");
          s.execute("CREATE TRIGGER test_record_xid BEFORE INSERT ON event_journal FOR EACH ROW EXECUTE FUNCTION test_record_xid()");
        }
        for (int round = 1; round <= 3; round++) {
          try (Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("SELECT nextval(pg_get_serial_sequence('event_journal', 'ordering'))"); // the next 32 draws write no log
          }
          TestProbe<Object> probe = kit.createTestProbe();
          journal.tell(writes(probe, List.of(new AtomicWrite(seq(event("X" + round, 1, "w"))))), akka.actor.ActorRef.noSender());
          expectWritten(probe, 1);
        }
        try (Connection c = db.dataSource().getConnection()) {
          assertEquals(List.of("true", "true", "true"), rows(c, "SELECT had_xid::text FROM drawn ORDER BY ordering"));
        }
      } finally {
        kit.shutdownTestKit();
      }
    }
  }

  /** The event {@code pid-n}, wrapped with its tags the way an event adapter tags it. */
  private static PersistentRepr event(String pid, long sequenceNr, String writer) {
    String event = pid + "-" + sequenceNr;
    Set<String> tags = TAGS.getOrDefault(event, Set.of());
    Object payload = tags.isEmpty() ? event : new Tagged(event, tags);
    return PersistentRepr.apply(payload, sequenceNr, pid, "", false, akka.actor.ActorRef.noSender(), writer);
  }

  @SafeVarargs
  private static <T> scala.collection.immutable.Seq<T> seq(T... items) {
    return CollectionConverters.asScala(List.of(items)).toList();
  }

  private static JournalProtocol.WriteMessages writes(TestProbe<Object> replyTo, List<AtomicWrite> batch) {
    List<PersistentEnvelope> envelopes = new ArrayList<>(batch);
    return new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(), Adapter.toClassic(replyTo.getRef()), 1);
  }

  private static void expectWritten(TestProbe<Object> probe, int events) {
    assertEquals(JournalProtocol.WriteMessagesSuccessful$.MODULE$, probe.receiveMessage(Duration.ofSeconds(10)));
    for (int i = 0; i < events; i++) probe.expectMessageClass(JournalProtocol.WriteMessageSuccess.class, Duration.ofSeconds(10));
  }

  private static void expectFailed(TestProbe<Object> probe, int events) {
    JournalProtocol.WriteMessagesFailed failed = probe.expectMessageClass(JournalProtocol.WriteMessagesFailed.class, Duration.ofSeconds(10));
    assertTrue(String.valueOf(failed.cause().getMessage()).contains("duplicate key"), failed.cause().toString());
    for (int i = 0; i < events; i++) probe.expectMessageClass(JournalProtocol.WriteMessageFailure.class, Duration.ofSeconds(10));
  }

  private static List<String> rows(Connection c, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** An entity that records its events and tags them as {@link #TAGS} says: replay and the typed write path. */
  static final class Recorder extends EventSourcedBehavior<Recorder.Command, String, List<String>> {

    interface Command {}

    record Append(String event, ActorRef<Done> replyTo) implements Command {}

    record Events(ActorRef<List<String>> replyTo) implements Command {}

    private Recorder(String persistenceId) {
      super(PersistenceId.ofUniqueId(persistenceId));
    }

    static Recorder create(String persistenceId) {
      return new Recorder(persistenceId);
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandler<Command, String, List<String>> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Append.class, (state, c) -> Effect().persist(c.event()).thenReply(c.replyTo(), s -> Done.getInstance()))
          .onCommand(Events.class, (state, c) -> Effect().reply(c.replyTo(), state))
          .build();
    }

    @Override
    public EventHandler<List<String>, String> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(String.class, (state, event) -> {
        List<String> next = new ArrayList<>(state);
        next.add(event);
        return List.copyOf(next);
      }).build();
    }

    @Override
    public Set<String> tagsFor(String event) {
      return TAGS.getOrDefault(event, Set.of());
    }
  }
}
