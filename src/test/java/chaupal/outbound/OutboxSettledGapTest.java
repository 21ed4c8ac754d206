package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hole in the journal's orderings that no running write can fill (a rolled-back write, here an ordering
 * drawn and never used; a row the retention sweep deleted) holds no reply. The plugin's sequence reader
 * alone waited its whole gap tolerance for it (60 s here): on a running node for a write that rolled back,
 * and on every node that started later, for any such hole in the journal's history.
 */
class OutboxSettledGapTest {

  /** Well inside the 60 s tolerance, and the 2 s bar for the outbox across a join, with room for a busy machine. */
  private static final Duration PROMPTLY = Duration.ofSeconds(6);

  @Test
  void neitherAWriteThatRolledBackNorAnOldHoleHoldsAReply() throws Exception {
    FakeCloudApi api = new FakeCloudApi();
    try (Database db = TestDatabase.create("outbox_settled_gap")) {
      try (OutboxTestNode node = new OutboxTestNode(db, 2, "")) {
        node.start(node.settings(), api, OutboundMetrics.NONE, System::nanoTime);
        node.reply("919800000201", "before the hole");
        await(Duration.ofSeconds(30), () -> accepted(node) == 1);
        node.count("SELECT nextval(pg_get_serial_sequence('event_journal', 'ordering'))"); // as a rolled-back write leaves it
        long start = System.nanoTime();
        node.reply("919800000202", "after the hole");
        await(PROMPTLY, () -> accepted(node) == 2);
        System.out.println("OutboxSettledGapTest: a reply after a rolled-back write sent in " + ms(start) + " ms");
        node.reply("919800000203", "forgotten");
        await(PROMPTLY, () -> accepted(node) == 3);
        node.exec("DELETE FROM event_journal WHERE persistence_id LIKE '%919800000203%'"); // as the retention sweep does
        node.reply("919800000204", "after the forgotten");
        await(PROMPTLY, () -> accepted(node) == 4);
      }
      // A node started on that journal reads its history anew: both holes are in it.
      try (OutboxTestNode node = new OutboxTestNode(db, 2, "")) {
        node.start(node.settings(), api, OutboundMetrics.NONE, System::nanoTime);
        long start = System.nanoTime();
        node.reply("919800000205", "on a fresh node");
        await(PROMPTLY, () -> accepted(node) == 5);
        System.out.println("OutboxSettledGapTest: a fresh node's first reply sent in " + ms(start) + " ms");
      }
      assertEquals(List.of("after the hole"), api.acceptedTextsOf("919800000202"));
      assertEquals(List.of("on a fresh node"), api.acceptedTextsOf("919800000205"));
      assertTrue(api.acceptedTextsOf("919800000201").size() == 1, "nothing sent twice by the fresh node");
    }
  }

  private static long accepted(OutboxTestNode node) {
    return node.count("SELECT count(*) FROM outbound_message WHERE state = 'accepted'");
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
