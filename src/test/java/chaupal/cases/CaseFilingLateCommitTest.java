package chaupal.cases;

import static chaupal.cases.CasesTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestClock;
import chaupal.testing.TestLog;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The late-commit trap of DESIGN.md §1 for the filings: one citizen's filing takes its journal
 * ordering first but commits {@value #SLOW_COMMIT_SECONDS} s after other citizens' filings. Its
 * case is still made (the read journal waits 60 s for a gap, persistence.conf); with the plugin's
 * default (10 x 1 s) it would be skipped for good and the citizen's case number would name nothing.
 * Its slow write sleeps in PostgreSQL for most of the test, so the test runs beside the others
 * (junit-platform.properties).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = TestLog.LINES, mode = ResourceAccessMode.READ)
class CaseFilingLateCommitTest {

  private static final int SLOW_COMMIT_SECONDS = 15;
  private static final String SLOW = "919800010999";

  @Test
  void aFilingWhoseJournalWriteCommitsLateStillMakesItsCase() throws Exception {
    TestClock clock = new TestClock();
    clock.run();
    try (Database db = TestDatabase.create("case_filing_late_commit");
         CasesTestNode node = new CasesTestNode(db, clock, """
             jdbc-journal.circuit-breaker.call-timeout = 60s
             # Later writes need write slots of their own to commit while the first one sleeps.
             jdbc-journal.parallelism = 8
             """)) {
      slowDownJournalWritesOf(db, SLOW);
      String slowNumber = node.newNumber();
      TestProbe<Done> slow = node.send(SLOW, r -> new TestFiler.File(node.filing(slowNumber, "TestFiler|" + SLOW + "#1"), r));
      await(Duration.ofSeconds(10), () -> "1".equals(node.one(
          "SELECT count(*)::text FROM pg_stat_activity WHERE wait_event = ? AND datname = current_database()", "PgSleep")));

      List<String> fastNumbers = new ArrayList<>();
      List<TestProbe<Done>> fast = new ArrayList<>();
      for (String citizen : List.of("919800010981", "919800010982", "919800010983", "919800010984")) {
        String number = node.newNumber();
        fastNumbers.add(number);
        fast.add(node.send(citizen, r -> new TestFiler.File(node.filing(number, "TestFiler|" + citizen + "#1"), r)));
      }
      await(Duration.ofSeconds(10), () -> "4".equals(node.one(
          "SELECT count(*)::text FROM event_journal WHERE persistence_id LIKE 'TestFiler|%' AND persistence_id <> ?", "TestFiler|" + SLOW)));
      assertEquals(null, node.status(slowNumber));

      slow.expectMessage(Duration.ofSeconds(SLOW_COMMIT_SECONDS + 30), Done.getInstance());
      for (TestProbe<Done> probe : fast) probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
      long slowOrdering = Long.parseLong(node.one("SELECT ordering::text FROM event_journal WHERE persistence_id = ?", "TestFiler|" + SLOW));
      long firstFast = Long.parseLong(node.one(
          "SELECT min(ordering)::text FROM event_journal WHERE persistence_id LIKE 'TestFiler|%' AND persistence_id <> ?", "TestFiler|" + SLOW));
      assertTrue(slowOrdering < firstFast, "the slow write took its ordering first and committed last");

      await(Duration.ofSeconds(30), () -> node.status(slowNumber) != null);
      assertEquals("assigned", node.status(slowNumber));
      for (String number : fastNumbers) await(Duration.ofSeconds(10), () -> node.status(number) != null);
    }
  }

  private static void slowDownJournalWritesOf(Database db, String waId) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      // ordering (BIGSERIAL) is drawn before BEFORE triggers run: later writes get higher orderings and commit first.
      s.execute("CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
          + SLOW_COMMIT_SECONDS + "); RETURN NEW; END $$");
      s.execute("CREATE TRIGGER test_slow_commit BEFORE INSERT ON event_journal FOR EACH ROW "
          + "WHEN (NEW.persistence_id = 'TestFiler|" + waId + "') EXECUTE FUNCTION test_slow_commit()");
    }
  }
}
