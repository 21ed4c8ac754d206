package chaupal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The trap of DESIGN.md §1 for attachments: a citizen's journal write takes its ordering first and
 * commits {@value #SLOW_COMMIT_SECONDS} s later, after other citizens' media, beyond eventsByTag's
 * default gap tolerance (10 x 1 s). Its photo is still recorded and downloaded (persistence.conf's
 * tolerance is what the outbox relies on too; OutboxLateCommitTest shows the default skipping it).
 * Its slow write sleeps in PostgreSQL for most of the test, so the test runs beside the others
 * (junit-platform.properties).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = TestLog.LINES, mode = ResourceAccessMode.READ)
class MediaLateCommitTest {

  private static final int SLOW_COMMIT_SECONDS = 15;
  private static final String SLOW = "919800010099";

  @TempDir
  Path dataDir;

  @Test
  void aPhotoWhoseJournalWriteCommitsLateIsStillDownloaded() throws Exception {
    Database db = TestDatabase.create("media_late_commit");
    try (MediaTestNode node = new MediaTestNode(db, dataDir, "media-late", """
        jdbc-journal.circuit-breaker.call-timeout = 60s
        jdbc-journal.parallelism = 8
        """)) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
            + SLOW_COMMIT_SECONDS + "); RETURN NEW; END $$");
        s.execute("CREATE TRIGGER test_slow_commit BEFORE INSERT ON event_journal FOR EACH ROW "
            + "WHEN (NEW.persistence_id LIKE '%" + SLOW + "%') EXECUTE FUNCTION test_slow_commit()");
      }
      node.graph.put("4000000000000099", "image/jpeg", MediaDownloadTest.jpeg("late photo"));
      TestProbe<Done> slow = node.sendWithoutWaiting(SLOW, "image", "4000000000000099", "image/jpeg");
      MediaTestNode.await(Duration.ofSeconds(10), () -> node.query(
          "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()", rs -> {
            rs.next();
            return rs.getLong(1);
          }) == 1);

      List<String> fast = List.of("919800010101", "919800010102", "919800010103", "919800010104");
      // Journal acknowledgements come back in write order: commits are read from the database itself.
      for (int i = 0; i < fast.size(); i++) {
        String id = "400000000000010" + i;
        node.graph.put(id, "image/jpeg", MediaDownloadTest.jpeg("photo " + i));
        node.sendWithoutWaiting(fast.get(i), "image", id, "image/jpeg");
      }
      MediaTestNode.await(Duration.ofSeconds(10), () -> node.query(
          "SELECT count(*) FROM event_journal WHERE persistence_id NOT LIKE '%" + SLOW + "%'", rs -> {
            rs.next();
            return rs.getLong(1);
          }) == fast.size());
      assertEquals(0L, (long) node.query("SELECT count(*) FROM event_journal WHERE persistence_id LIKE '%" + SLOW + "%'", rs -> {
        rs.next();
        return rs.getLong(1);
      }), "the slow write has not committed yet");

      slow.expectMessage(Duration.ofSeconds(SLOW_COMMIT_SECONDS + 30), Done.getInstance());
      MediaTestNode.await(Duration.ofSeconds(40), () -> "stored".equals(node.state("4000000000000099")));
      for (int i = 0; i < fast.size(); i++) node.awaitState("400000000000010" + i, "stored");
      long slowOrdering = node.query("SELECT ordering FROM event_journal WHERE persistence_id LIKE '%" + SLOW + "%'", rs -> {
        rs.next();
        return rs.getLong(1);
      });
      long firstFast = node.query("SELECT min(ordering) FROM event_journal WHERE persistence_id NOT LIKE '%" + SLOW + "%'", rs -> {
        rs.next();
        return rs.getLong(1);
      });
      assertTrue(slowOrdering < firstFast, "the slow write took its ordering first and committed last");
    }
  }
}
