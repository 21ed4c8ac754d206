package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.Offset;
import akka.persistence.query.PersistenceQuery;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The trap of DESIGN.md §1: {@code eventsByTag} reads by the journal's {@code ordering} column and,
 * by default, gives a gap up after 10 × 1 s. Here one citizen's journal write takes its ordering
 * first but commits {@value #SLOW_COMMIT_SECONDS} s later, after other citizens' writes with higher
 * orderings. The outbox (60 s tolerance, persistence.conf) still sends its reply; a plain
 * {@code eventsByTag} with the default tolerance, running alongside, skips it for good.
 */
class OutboxLateCommitTest {

  private static final int SLOW_COMMIT_SECONDS = 15;
  private static final int TAGS = 2;

  private static final String SLOW = "919800000099";

  @Test
  void aReplyWhoseJournalWriteCommitsLateIsStillSent() throws Exception {
    FakeCloudApi api = new FakeCloudApi();
    try (Database db = TestDatabase.create("outbox_late_commit");
         OutboxTestNode node = new OutboxTestNode(db, TAGS, """
             jdbc-journal.circuit-breaker.call-timeout = 60s
             # The plugin frees a write slot only in write order: the five later writes below need
             # slots of their own to commit while the first one sleeps (production keeps 2).
             jdbc-journal.parallelism = 8
             default-gap-read-journal = ${jdbc-read-journal} {
               journal-sequence-retrieval { query-delay = 1s, max-tries = 10 }
             }
             """)) {
      slowDownJournalWritesOfSlowEntities(db);
      node.start(node.settings().withPollInterval(Duration.ofMillis(200)), api, OutboundMetrics.NONE, System::nanoTime);
      Set<String> seenWithDefaultTolerance = followAllTagsWithDefaultTolerance(node.testKit.system());

      // The request is built at send time for a real recipient: the slow citizen is known by its number.
      String slow = SLOW;
      TestProbe<Done> slowPersisted = node.testKit.createTestProbe();
      node.citizen(slow).tell(new TestCitizen.Reply(OutboxTestNode.CHANNEL, List.of("late reply"), slowPersisted.getRef()));
      await(Duration.ofSeconds(10), () -> node.count(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()") == 1);

      List<String> fast = List.of("919800000101", "919800000102", "919800000103", "919800000104", "919800000105");
      for (int p = 0; p < TAGS; p++) {
        int partition = p;
        assertTrue(fast.stream().anyMatch(c -> TestCitizen.partition(c, TAGS) == partition), "fast writes in every tag");
      }
      // Journal acknowledgements come back in write order, so commit order is read from the database itself.
      List<TestProbe<Done>> fastPersisted = new ArrayList<>();
      for (String citizen : fast) {
        TestProbe<Done> probe = node.testKit.createTestProbe();
        node.citizen(citizen).tell(new TestCitizen.Reply(OutboxTestNode.CHANNEL, List.of("reply to " + citizen), probe.getRef()));
        fastPersisted.add(probe);
      }
      await(Duration.ofSeconds(10), () -> node.count("SELECT count(*) FROM event_journal WHERE persistence_id NOT LIKE '%" + SLOW + "%'") == fast.size());
      assertEquals(0, node.count("SELECT count(*) FROM event_journal WHERE persistence_id LIKE '%" + SLOW + "%'"), "the slow write has not committed yet");

      slowPersisted.expectMessage(Duration.ofSeconds(SLOW_COMMIT_SECONDS + 30), Done.getInstance());
      for (TestProbe<Done> probe : fastPersisted) probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
      long slowOrdering = node.count("SELECT ordering FROM event_journal WHERE persistence_id LIKE '%" + SLOW + "%'");
      long firstFastOrdering = node.count("SELECT min(ordering) FROM event_journal WHERE persistence_id NOT LIKE '%" + SLOW + "%'");
      assertTrue(slowOrdering < firstFastOrdering, "the slow write took its ordering first and committed last");

      await(Duration.ofSeconds(30), () -> node.count("SELECT count(*) FROM outbound_message WHERE state = 'accepted'") == fast.size() + 1);
      assertEquals(fast.size() + 1, node.count("SELECT count(*) FROM outbound_message"), "the projection skipped nothing");
      assertEquals(List.of("late reply"), api.acceptedTextsOf(slow));
      for (String citizen : fast) assertEquals(List.of("reply to " + citizen), api.acceptedTextsOf(citizen));

      // The default tolerance moved past the gap before the slow write committed, and never looks back.
      await(Duration.ofSeconds(10), () -> fast.stream().allMatch(c -> seenWithDefaultTolerance.contains("TestCitizen|" + c)));
      Thread.sleep(2000);
      assertFalse(seenWithDefaultTolerance.contains("TestCitizen|" + slow), "with 10 x 1 s the late event is skipped");
    }
  }

  private static void slowDownJournalWritesOfSlowEntities(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      // ordering (BIGSERIAL) is drawn before BEFORE triggers run: later writes of others get higher orderings and commit first.
      s.execute("CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
          + SLOW_COMMIT_SECONDS + "); RETURN NEW; END $$");
      s.execute("CREATE TRIGGER test_slow_commit BEFORE INSERT ON event_journal FOR EACH ROW "
          + "WHEN (NEW.persistence_id LIKE '%" + SLOW + "%') EXECUTE FUNCTION test_slow_commit()");
    }
  }

  private static Set<String> followAllTagsWithDefaultTolerance(ActorSystem<?> system) {
    JdbcReadJournal journal = PersistenceQuery.get(system.classicSystem())
        .getReadJournalFor(JdbcReadJournal.class, "default-gap-read-journal");
    Set<String> seen = ConcurrentHashMap.newKeySet();
    for (int p = 0; p < TAGS; p++) {
      journal.eventsByTag(TestCitizen.TAG_PREFIX + "-" + p, Offset.noOffset()).runForeach(e -> seen.add(e.persistenceId()), system);
    }
    return seen;
  }
}
