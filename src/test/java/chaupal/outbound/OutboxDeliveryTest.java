package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.SendResult;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies from the journal to the Cloud API: retries, permanent refusals, giving up, per-citizen order.
 * A case's news after the citizen's 24-hour window goes as the channel's template; when Meta refuses
 * the template, it stays pending until the citizen writes again, then goes free-form before the reply.
 */
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
    node.start(node.briskSettings(), api, OutboundMetrics.micrometer(registry), System::nanoTime);
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
  void sendsAreCountedByResultAndMetaErrorCodeAndTheLagByLane() {
    String citizen = "919800010901";
    api.script("m-1", new SendResult.Rejected(400, new ApiError(131050, "User has stopped marketing messages", null, ""), false,
        Duration.ZERO));
    api.script("m-2", retryable(400, 130429));
    node.reply(citizen, "m-1", "m-2");

    await(WAIT, () -> "accepted".equals(node.row("m-2").get("state")));

    await(WAIT, () -> registry.find("chaupal.outbound.sends").tags("result", "retried", "code", "130429").counter() != null);
    assertEquals(1.0, registry.get("chaupal.outbound.sends").tags("result", "failed", "code", "131050").counter().count());
    assertTrue(registry.get("chaupal.outbound.sends").tags("result", "accepted", "code", "none").counter().count() >= 1);
    assertTrue(registry.get("chaupal.outbox.lag").tags("lane", "reply").timer().count() >= 1);
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

  private static OutgoingContent.Template caseUpdate(String name, String... parameters) {
    return new OutgoingContent.Template(name, "hi", List.of(parameters));
  }

  private static SendResult.Rejected refused(int http, int code, String title) {
    return new SendResult.Rejected(http, new ApiError(code, title, null, ""), false, Duration.ZERO);
  }

  /** The citizen last wrote 25 hours ago: their window is closed. */
  private static void wroteLongAgo(String citizen) {
    node.exec("INSERT INTO outbound_service_window (phone_number_id, recipient, last_inbound_at) VALUES (?, ?, now() - interval '25 hours')",
        OutboxTestNode.CHANNEL, citizen);
  }

  /** The outbox row of this text as an operator sees it; empty while it is not there yet. */
  private static Map<String, Object> waiting(String text) {
    return node.sql("SELECT state, error_code, last_error, awaiting_window_since, next_attempt_at = 'infinity'"
        + " FROM outbound_message WHERE intent::text LIKE ?", rs -> {
          if (!rs.next()) return Map.of(); // not in the outbox yet
          return Map.of("state", rs.getString(1), "error_code", rs.getObject(2) == null ? -1 : rs.getObject(2),
              "last_error", String.valueOf(rs.getString(3)), "since", rs.getObject(4) == null ? "none" : rs.getObject(4),
              "notDue", rs.getBoolean(5));
        }, "%\"" + text + "\"%");
  }

  private static List<String> bodyParameters(JsonNode request) {
    List<String> values = new ArrayList<>();
    for (JsonNode p : request.path("template").path("components").path(0).path("parameters")) values.add(p.path("text").asText());
    return values;
  }

  @Test
  void afterTheWindowClosedTheNotificationGoesAsItsTemplateWithItsParameters() {
    String citizen = "919800010011";
    wroteLongAgo(citizen);
    node.notify(citizen, "JAL-26-000011 is resolved", caseUpdate("chaupal_case_update", "JAL-26-000011", "resolved", "pipe fixed"));

    await(WAIT, () -> "accepted".equals(node.row("JAL-26-000011 is resolved").get("state")));
    List<FakeCloudApi.Call> calls = api.calls().stream().filter(c -> c.to().equals(citizen)).toList();
    assertEquals(1, calls.size());
    assertEquals("template:chaupal_case_update", calls.get(0).text());
    assertEquals("hi", calls.get(0).request().path("template").path("language").path("code").asText());
    assertEquals(List.of("JAL-26-000011", "resolved", "pipe fixed"), bodyParameters(calls.get(0).request()));

    String writing = "919800010012";
    node.reply(writing, "welcome");
    node.notify(writing, "JAL-26-000012 is assigned", caseUpdate("chaupal_case_update", "JAL-26-000012", "assigned", "-"));
    await(WAIT, () -> "accepted".equals(node.row("JAL-26-000012 is assigned").get("state")));
    assertEquals(List.of("welcome", "JAL-26-000012 is assigned"), api.acceptedTextsOf(writing), "inside the window: free-form");
  }

  @Test
  void aNotificationAcceptedAsItsTemplateIsMarkedForThePortfoliosDayAndATextInsideTheWindowIsNot() {
    String outside = "919800010013";
    wroteLongAgo(outside);
    node.notify(outside, "JAL-26-000013 is resolved", caseUpdate("chaupal_case_update", "JAL-26-000013", "resolved", "-"));
    String inside = "919800010014";
    node.reply(inside, "welcome");
    node.notify(inside, "JAL-26-000014 is resolved", caseUpdate("chaupal_case_update", "JAL-26-000014", "resolved", "-"));
    await(WAIT, () -> "accepted".equals(node.row("JAL-26-000013 is resolved").get("state"))
        && "accepted".equals(node.row("JAL-26-000014 is resolved").get("state")));
    assertEquals(1, node.count("SELECT count(*) FROM outbound_message WHERE recipient = ? AND template_sent_at IS NOT NULL", outside));
    assertEquals(0, node.count("SELECT count(*) FROM outbound_message WHERE recipient = ? AND template_sent_at IS NOT NULL", inside),
        "free-form inside the window: not business-initiated");
  }

  @Test
  void aTemplateUnknownToMetaWaitsForTheCitizenThenGoesFreeFormBeforeTheReply() throws Exception {
    refusedTemplateWaitsAndGoesFreeForm("919800010021", "chaupal_case_update_unknown", refused(404, 132001,
        "Template name does not exist in the translation"));
  }

  @Test
  void aParameterCountMismatchWaitsForTheCitizenThenGoesFreeForm() throws Exception {
    refusedTemplateWaitsAndGoesFreeForm("919800010031", "chaupal_case_update_short", refused(400, 132000,
        "Number of parameters does not match the expected number of params"));
  }

  private void refusedTemplateWaitsAndGoesFreeForm(String citizen, String template, SendResult.Rejected refusal) throws Exception {
    int code = refusal.error().code();
    String news = "case of " + citizen + " is resolved";
    api.script("template:" + template, refusal);
    wroteLongAgo(citizen);
    double awaitingBefore = registry.counter("chaupal.outbound.awaiting.window").count();
    node.notify(citizen, news, caseUpdate(template, "JAL-26-" + citizen.substring(6), "resolved", "-"));

    await(WAIT, () -> Boolean.TRUE.equals(waiting(news).get("notDue")));
    Map<String, Object> row = waiting(news);
    assertEquals("pending", row.get("state"), "not lost");
    assertEquals(code, row.get("error_code"));
    assertTrue(((String) row.get("last_error")).startsWith(code + " "), row.toString());
    assertTrue(((String) row.get("last_error")).contains("template refused; waiting for the citizen's next message"), row.toString());
    assertNotNull(row.get("since"));
    await(WAIT, () -> registry.counter("chaupal.outbound.awaiting.window").count() > awaitingBefore);
    Thread.sleep(600); // three polls: nothing more goes while the window is closed
    assertEquals(1, api.calls().stream().filter(c -> c.to().equals(citizen)).count(), "the template once, nothing else");

    node.reply(citizen, "reply to " + citizen);
    await(WAIT, () -> "accepted".equals(node.row("reply to " + citizen).get("state")));
    assertEquals("accepted", node.row(news).get("state"));
    assertEquals(List.of(news, "reply to " + citizen), api.acceptedTextsOf(citizen), "the news first, free-form, then the reply");
    List<FakeCloudApi.Call> calls = api.calls().stream().filter(c -> c.to().equals(citizen)).toList();
    assertEquals(3, calls.size(), calls.toString());
    assertFalse(calls.get(1).request().has("template"));
    assertEquals(List.of(), api.overlaps());
  }
}
