package chaupal.simulator;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.whatsapp.DeliveryStatus;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small parts on their own: wamids, recipients, buckets, bounds, the failure plan. */
class SimulatorPartsTest {

  static final BusinessNumber CITY = SimulatorHarness.CITY;

  @Test
  void wamidCountersAreTwelveUpperCaseHexDigits() {
    for (long v : new long[] {0, 1, 0xABCL, 0xFFFFFFFFFFFFL, 0x1000000000000L, Long.MAX_VALUE}) {
      assertEquals(String.format("%012X", v), Wamids.hex12(v));
    }
  }

  @Test
  void wamidsLookLikeMetasAndCarryTheCitizen() {
    Wamids wamids = new Wamids();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String out = wamids.outbound("919800000001");
      String in = wamids.inbound("919800000001");
      assertTrue(out.startsWith("wamid.HBgMOTE5ODAwMDAwMDAxFQIAERgS"), out);
      assertTrue(in.startsWith("wamid.HBgMOTE5ODAwMDAwMDAxFQIAEhgU"), in);
      assertTrue(seen.add(out) && seen.add(in));
      assertEquals(Optional.of("919800000001"), Wamids.waIdOf(out));
    }
    assertEquals(Optional.of("16505551234"), Wamids.waIdOf("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA"));
    assertEquals(Optional.empty(), Wamids.waIdOf("wamid.%%%"));
    assertEquals(Optional.empty(), Wamids.waIdOf("wamid.AAAA"));
    assertEquals(Optional.empty(), Wamids.waIdOf(null));
  }

  @Test
  void recipientsAreNormalizedLikeMetaDoes() {
    assertEquals(Optional.of("919800000001"), GraphApi.waId("+91 98000-00001", CITY));
    assertEquals(Optional.of("919800000001"), GraphApi.waId("919800000001", CITY));
    assertEquals(Optional.of("919800000001"), GraphApi.waId("(980) 000-0001", CITY), "national numbers get the business's code");
    assertEquals(Optional.of("16505551234"), GraphApi.waId("+1 650 555 1234", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("98+00000001", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("12345", CITY));
    assertEquals(Optional.empty(), GraphApi.waId("+1234567890123456", CITY));
  }

  @Test
  void aTokenBucketAllowsItsBurstThenItsRate() {
    TokenBucket bucket = new TokenBucket(3, 1, 0);
    assertTrue(bucket.tryTake(0) && bucket.tryTake(0) && bucket.tryTake(0));
    assertFalse(bucket.tryTake(999));
    assertTrue(bucket.tryTake(1000));
    assertFalse(bucket.tryTake(1000));
    assertTrue(bucket.tryTake(60_000) && bucket.tryTake(60_000) && bucket.tryTake(60_000));
    assertFalse(bucket.tryTake(60_000), "never more than the burst");
  }

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
  void injectedFailuresAreCountedDownPerCitizenThenForAnyone() {
    FailurePlan plan = new FailurePlan();
    plan.failNext("919800000001", 2, GraphError.of(131000, ""));
    plan.failNext(FailurePlan.ANYONE, 1, GraphError.of(131057, ""));
    assertEquals(131000, plan.next("919800000001").orElseThrow().code());
    assertEquals(131000, plan.next("919800000001").orElseThrow().code());
    assertEquals(131057, plan.next("919800000001").orElseThrow().code());
    assertTrue(plan.next("919800000001").isEmpty());
    assertTrue(plan.next("919800000002").isEmpty());
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

  @Test
  void settingsFillDefaults() {
    SimulatorSettings s = new SimulatorSettings("http://127.0.0.1:1/webhooks/whatsapp", "secret", "token", List.of(CITY), 0, true, false, null);
    assertEquals(80, s.defaultMessagesPerSecond());
    assertEquals(Duration.ofSeconds(1), s.statusDelay());
    assertEquals(SimulatorSettings.Tuning.DEFAULT, s.tuning());
    assertThrows(IllegalArgumentException.class, () -> new SimulatorSettings("", "s", "t", List.of(), 80, true, false, Duration.ZERO));
  }
}
