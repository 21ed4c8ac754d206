package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta may refuse the send itself with 131050 (the citizen stopped marketing messages), not only
 * report it in a failed status: the sender tells the refusals too, before it stores the failure.
 */
class SendRefusalTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Database db;
  private static OutboxTestNode node;
  private static final FakeCloudApi api = new FakeCloudApi();
  private static final List<String> told = new CopyOnWriteArrayList<>();
  // The first telling fails, as when the citizen's entity cannot be reached for a moment.
  private static final AtomicInteger failuresLeft = new AtomicInteger(1);

  @BeforeAll
  static void start() {
    db = TestDatabase.create("outbox_send_refusal");
    node = new OutboxTestNode(db, 2, "");
    node.start(node.briskSettings(), api, (channel, recipient, at) -> {
      if (failuresLeft.getAndDecrement() > 0) return CompletableFuture.failedFuture(new IllegalStateException("entity unreachable"));
      told.add(channel + " " + recipient);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  @Test
  void aSendRefusedWith131050IsToldToTheRefusalsBeforeTheFailureIsStored() {
    String citizen = "919800010501";
    api.script("r-1", new SendResult.Rejected(400, new ApiError(131050, "User has stopped marketing messages", null, ""), false,
        Duration.ZERO));
    api.script("r-2", new SendResult.Rejected(400, new ApiError(131026, "Message undeliverable", null, ""), false, Duration.ZERO));
    node.reply(citizen, "r-1", "r-2", "r-3");

    await(WAIT, () -> "accepted".equals(node.row("r-3").get("state")));

    assertEquals("failed", node.row("r-1").get("state"));
    assertEquals(131050, node.row("r-1").get("error_code"));
    assertEquals(1, api.callsFor("r-1").size(), "the send is not repeated when the telling is");
    assertTrue(told.contains(OutboxTestNode.CHANNEL + " " + citizen), "told once it could be: " + told);
    assertEquals(List.of(OutboxTestNode.CHANNEL + " " + citizen), told, "131026 is not a marketing refusal");
  }
}
