package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.SendResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies from the journal to the Cloud API: retries, permanent refusals, giving up, per-citizen order. */
class OutboxDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Database db;
  private static OutboxTestNode node;
  private static final FakeCloudApi api = new FakeCloudApi();
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("outbox_delivery");
    node = new OutboxTestNode(db, 2, "");
    OutboxSettings settings = node.settings()
        .withPollInterval(Duration.ofMillis(200))
        .withRetries(Duration.ofMillis(20), Duration.ofMillis(200), 4, Duration.ofHours(1))
        .withRates(Map.of(), 1000);
    node.start(settings, api, OutboundMetrics.micrometer(registry), System::nanoTime);
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  private static SendResult.Rejected retryable(int http, Integer code) {
    ApiError error = code == null ? null : new ApiError(code, "Rate limit hit", null, "");
    return new SendResult.Rejected(http, error, true, Duration.ZERO);
  }

  @Test
  void aSendThatFailsTwiceIsAcceptedOnceAndHoldsBackTheCitizensNextMessages() {
    String citizen = "919800000001";
    api.script("a-3", retryable(500, null), retryable(400, 130429));
    node.reply(citizen, "a-1", "a-2", "a-3");
    node.reply(citizen, "a-4", "a-5");

    await(WAIT, () -> "accepted".equals(node.row("a-5").get("state")));

    assertEquals(List.of("a-1", "a-2", "a-3", "a-4", "a-5"), api.acceptedTextsOf(citizen));
    List<FakeCloudApi.Call> third = api.callsFor("a-3");
    assertEquals(3, third.size(), "two refusals, then accepted");
    assertEquals(1, third.stream().filter(FakeCloudApi.Call::accepted).count());
    FakeCloudApi.Call acceptedThird = third.get(2);
    assertTrue(acceptedThird.accepted());
    assertTrue(api.callsFor("a-4").get(0).seq() > acceptedThird.seq(), "a-4 waits until a-3 is accepted");
    Map<String, Object> row = node.row("a-3");
    assertEquals("accepted", row.get("state"));
    assertEquals(3, row.get("attempts"));
    assertEquals(acceptedThird.wamid(), row.get("wamid"));
    assertEquals(1, api.callsFor("a-4").size());
    assertEquals(List.of(), api.overlaps(), "never two sends to one citizen at once");
    await(WAIT, () -> registry.counter("chaupal.outbound.retried").count() >= 2);
  }

  @Test
  void aPermanentRefusalIsRecordedNotRetriedAndDoesNotBlockTheNextMessage() {
    String citizen = "919800000002";
    api.script("b-2", new SendResult.Rejected(400, new ApiError(131026, "Message undeliverable", null, ""), false, Duration.ZERO));
    node.reply(citizen, "b-1", "b-2", "b-3");

    await(WAIT, () -> "accepted".equals(node.row("b-3").get("state")));

    assertEquals(1, api.callsFor("b-2").size(), "never retried");
    Map<String, Object> failed = node.row("b-2");
    assertEquals("failed", failed.get("state"));
    assertEquals(131026, failed.get("error_code"));
    assertTrue(((String) failed.get("last_error")).contains("131026"));
    assertTrue(api.callsFor("b-3").get(0).seq() > api.callsFor("b-2").get(0).seq());
    assertEquals(List.of("b-1", "b-3"), api.acceptedTextsOf(citizen));
    assertEquals(1.0, registry.counter("chaupal.outbound.failed", "code", "131026").count());
  }

  @Test
  void aMessageThatKeepsFailingExpiresAfterMaxAttemptsAndReleasesTheNext() {
    String citizen = "919800000003";
    api.script("c-1", retryable(500, null), retryable(500, null), retryable(500, null), retryable(500, null), retryable(500, null));
    node.reply(citizen, "c-1", "c-2");

    await(WAIT, () -> "accepted".equals(node.row("c-2").get("state")));

    Map<String, Object> expired = node.row("c-1");
    assertEquals("expired", expired.get("state"));
    assertEquals(4, expired.get("attempts"));
    assertEquals(4, api.callsFor("c-1").size());
    assertEquals(List.of("c-2"), api.acceptedTextsOf(citizen));
  }
}
