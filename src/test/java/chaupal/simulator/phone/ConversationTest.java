package chaupal.simulator.phone;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.simulator.SimulatorSettings;
import chaupal.whatsapp.DeliveryStatus;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One conversation and all of them: bounds, and statuses that only move forward. */
class ConversationTest {

  @Test
  void conversationsStayWithinTheirBounds() {
    SimulatorSettings.Tuning tuning = SimulatorSettings.Tuning.DEFAULT.withCapacity(3, 4, 8, 1024);
    Conversations conversations = new Conversations(tuning);
    for (int citizen = 0; citizen < 10; citizen++) {
      String wa = "9198000000" + (10 + citizen);
      Conversation c = conversations.get("p", wa, 0);
      for (int m = 0; m < 5; m++) conversations.add(c, entry(wa + "-" + m));
      assertTrue(c.size() <= 3, "history per conversation");
      assertTrue(conversations.size() <= 4, "conversations");
      assertTrue(conversations.messages() <= 8, "messages overall");
    }
    assertTrue(conversations.find("p", "919800000019").isPresent(), "the newest stays");
    assertTrue(conversations.find("p", "919800000010").isEmpty(), "the oldest went");
    List<ReceivedSend> kept = conversations.find("p", "919800000019").orElseThrow().received(false);
    assertEquals(List.of("919800000019-2", "919800000019-3", "919800000019-4"), kept.stream().map(ReceivedSend::wamid).toList());
  }

  @Test
  void statusesMoveOnlyForwardAndOneAtATime() {
    Conversation c = new Conversation("p", "919800000001", 10, 45, 1 / 6.0, 0);
    Conversation.Entry e = entry("w");
    c.add(e);
    assertEquals(DeliveryStatus.SENT, c.claimNextStatus(e, 0, 1000));
    assertNull(c.claimNextStatus(e, 5000, 1000), "one in flight");
    c.update(e, x -> {
      x.posting = false;
      x.statusMillis = 0;
    });
    assertNull(c.claimNextStatus(e, 500, 1000), "not yet delivered");
    assertEquals(DeliveryStatus.DELIVERED, c.claimNextStatus(e, 1000, 1000));
    c.update(e, x -> x.posting = false);
    c.markSeen(List.of("w"));
    assertEquals(DeliveryStatus.READ, c.claimNextStatus(e, 1000, 1000), "seen on the page");
    c.update(e, x -> x.posting = false);
    assertNull(c.claimNextStatus(e, 99_000, 1000));
    assertFalse(c.claimTimer(e), "nothing more to wait for");
  }

  private static Conversation.Entry entry(String wamid) {
    return new Conversation.Entry(wamid, false, "text", JsonNodeFactory.instance.objectNode(), 0, 23, null);
  }
}
