package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud API face: answers, errors and limits as Meta gives them. The clock stands still, so buckets never refill. */
class SimulatorGraphApiTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static final TestClock clock = new TestClock();
  static SimulatorHarness h;

  @BeforeAll
  static void start() {
    h = SimulatorHarness.start(kit.system(), url -> new SimulatorSettings(url, SECRET, TOKEN, List.of(CITY, TOWN), 80,
        false, false, Duration.ZERO), clock);
  }

  @AfterAll
  static void stop() {
    h.close();
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    h.simulator.reset();
    clock.advance(Duration.ofMinutes(10));
  }

  @Test
  void acceptsASendLikeTheCloudApi() throws Exception {
    HttpResponse<String> r = h.send(CITY.phoneNumberId(), text("+919800000001", "Namaste"));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = json(r.body());
    assertEquals("whatsapp", body.path("messaging_product").asText());
    assertEquals("+919800000001", body.path("contacts").path(0).path("input").asText());
    assertEquals("919800000001", body.path("contacts").path(0).path("wa_id").asText());
    String wamid = body.path("messages").path(0).path("id").asText();
    assertTrue(wamid.matches("wamid\\.[A-Za-z0-9+/=]{40,}"), wamid);
    assertEquals(List.of("messaging_product", "contacts", "messages"), fieldNames(body));

    List<ReceivedSend> received = h.simulator.received(CITY.phoneNumberId(), CITIZEN);
    assertEquals(1, received.size());
    assertEquals(wamid, received.get(0).wamid());
    assertEquals("Namaste", received.get(0).text());
    assertEquals(1, h.simulator.counters().accepted());
    assertNull(h.pollWebhook(Duration.ofMillis(300)), "no status webhooks when they are switched off");
  }

  @Test
  void theControlsMessagesWaitForTheNextSendWhenAskedToAndNoLongerThanAsked() throws Exception {
    String path = "/simulator/control/messages?phone_number_id=" + CITY.phoneNumberId() + "&wa_id=" + CITIZEN;
    h.sendOk(CITY.phoneNumberId(), text("+" + CITIZEN, "first"));
    java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> h.request("GET", path + "&after=1&wait_ms=5000", null, null));
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "one send seen, none new: it waits");
    h.sendOk(CITY.phoneNumberId(), text("+" + CITIZEN, "second"));
    HttpResponse<String> answered = waiting.get(3, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, answered.statusCode(), answered.body());
    assertEquals(2, json(answered.body()).path("messages").size());

    long t0 = System.nanoTime();
    HttpResponse<String> timedOut = h.request("GET", path + "&after=2&wait_ms=400", null, null);
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(200, timedOut.statusCode());
    assertEquals(2, json(timedOut.body()).path("messages").size(), "as they are once the wait is over");
    assertTrue(waited >= 350 && waited < 3_000, "waited " + waited + " ms for 400");
    assertEquals(1, json(h.request("GET", path + "&after=1&wait_ms=5000", null, null).body()).path("messages").size() - 1,
        "more than seen already: answered at once");
    assertEquals(400, h.request("GET", path + "&after=0&wait_ms=60000", null, null).statusCode(), "a wait over 10 s is refused");
  }

  @Test
  void aBusinessScopedIdIsReachedThroughRecipient() throws Exception {
    String bsuid = "IN.13491208655302741918";
    String send = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"recipient\":\"%s\","
        + "\"type\":\"text\",\"text\":{\"body\":\"Namaste\"}}";
    HttpResponse<String> r = h.send(CITY.phoneNumberId(), send.formatted(bsuid));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode contact = json(r.body()).path("contacts").path(0);
    assertEquals(bsuid, contact.path("input").asText());
    assertEquals(bsuid, contact.path("user_id").asText());
    assertFalse(contact.has("wa_id"), r.body());
    List<ReceivedSend> received = h.simulator.received(CITY.phoneNumberId(), bsuid);
    assertEquals(1, received.size());
    assertEquals("Namaste", received.get(0).text());

    for (String bad : new String[] {"IN-13491208655302741918", "13491208655302741918", "IN.1349 1208"}) {
      HttpResponse<String> refused = h.send(CITY.phoneNumberId(), send.formatted(bad));
      assertEquals(400, refused.statusCode(), bad);
      assertTrue(json(refused.body()).path("error").path("error_data").path("details").asText().contains("Param recipient"), refused.body());
    }
  }

  @Test
  void wamidsAreUniqueAndNationalNumbersGetTheCountryCode() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) ids.add(h.sendOk(CITY.phoneNumberId(), text("919800000001", "n" + i)));
    assertEquals(20, ids.size());
    HttpResponse<String> national = h.send(CITY.phoneNumberId(), text("98000 00002", "hello"));
    assertEquals("919800000002", json(national.body()).path("contacts").path(0).path("wa_id").asText());
  }

  @Test
  void refusesAMissingOrWrongToken() {
    String path = "/simulator/v23.0/" + CITY.phoneNumberId() + "/messages";
    for (String auth : new String[] {null, "Bearer wrong", "Basic " + TOKEN}) {
      HttpResponse<String> r = h.request("POST", path, text(CITIZEN, "x"), auth);
      assertEquals(401, r.statusCode());
      JsonNode error = json(r.body()).path("error");
      assertEquals(190, error.path("code").asInt());
      assertEquals("OAuthException", error.path("type").asText());
      assertFalse(error.path("fbtrace_id").asText().isEmpty());
    }
    assertTrue(h.simulator.received(CITY.phoneNumberId(), CITIZEN).isEmpty());
  }

  @Test
  void refusesAnUnknownPhoneNumberId() {
    HttpResponse<String> r = h.send("999", text(CITIZEN, "x"));
    assertEquals(400, r.statusCode());
    JsonNode error = json(r.body()).path("error");
    assertEquals(100, error.path("code").asInt());
    assertEquals("GraphMethodException", error.path("type").asText());
    assertTrue(error.path("message").asText().contains("'999' does not exist"));
  }

  @Test
  void validatesBodiesLikeTheCloudApi() {
    String button = "{\"type\":\"reply\",\"reply\":{\"id\":\"%s\",\"title\":\"%s\"}}";
    String interactive = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":%s}";
    String fourButtons = String.join(",", button.formatted("a", "A"), button.formatted("b", "B"), button.formatted("c", "C"), button.formatted("d", "D"));
    String rows = String.join(",", java.util.stream.IntStream.range(0, 11)
        .mapToObj(i -> "{\"id\":\"r" + i + "\",\"title\":\"Row " + i + "\"}").toList());
    List<String[]> cases = List.of(
        new String[] {"not json", "not valid JSON"},
        new String[] {"{\"to\":\"" + CITIZEN + "\",\"text\":{\"body\":\"x\"}}", "messaging_product"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"text\":{\"body\":\"x\"}}", "Param to"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"fax\",\"fax\":{}}", "Param type"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"text\"}", "Param text"},
        new String[] {text(CITIZEN, "x".repeat(4097)), "at most 4096"},
        new String[] {text("call-me", "x"), "Param to"},
        new String[] {interactive.formatted("{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[" + fourButtons + "]}}"),
            "between 1 and 3"},
        new String[] {interactive.formatted("{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":["
            + button.formatted("a", "A title longer than twenty") + "]}}"), "at most 20 characters"},
        new String[] {interactive.formatted("{\"type\":\"button\",\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":["
            + button.formatted("a", "Same") + "," + button.formatted("a", "Other") + "]}}"), "must be unique"},
        new String[] {interactive.formatted("{\"type\":\"button\",\"action\":{\"buttons\":[" + button.formatted("a", "A") + "]}}"),
            "interactive['body']"},
        new String[] {interactive.formatted("{\"type\":\"list\",\"body\":{\"text\":\"Pick\"},\"action\":{\"button\":\"Choose\","
            + "\"sections\":[{\"title\":\"All\",\"rows\":[" + rows + "]}]}}"), "at most 10 rows"},
        new String[] {interactive.formatted("{\"type\":\"list\",\"body\":{\"text\":\"Pick\"},\"action\":{\"button\":\"Choose\","
            + "\"sections\":[{\"title\":\"All\",\"rows\":[{\"id\":\"a\",\"title\":\"A row title that is far too long\"}]}]}}"), "at most 24"},
        new String[] {interactive.formatted("{\"type\":\"list\",\"body\":{\"text\":\"Pick\"},\"action\":{\"button\":\"Choose\",\"sections\":[]}}"),
            "between 1 and 10 sections"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"image\",\"image\":{\"id\":\"123\"}}",
            "not a valid whatsapp business account media attachment ID"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"location\",\"location\":{\"latitude\":95,\"longitude\":1}}",
            "latitude"},
        new String[] {"{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"template\",\"template\":{\"name\":\"t\"}}",
            "template['language']"});
    for (String[] c : cases) {
      HttpResponse<String> r = h.send(CITY.phoneNumberId(), c[0]);
      assertEquals(400, r.statusCode(), c[0]);
      JsonNode error = json(r.body()).path("error");
      assertEquals(100, error.path("code").asInt(), r.body());
      assertEquals("(#100) Invalid parameter", error.path("message").asText());
      assertTrue(error.path("error_data").path("details").asText().contains(c[1]), r.body() + " should mention " + c[1]);
    }
    assertTrue(h.simulator.received(CITY.phoneNumberId(), CITIZEN).isEmpty());
    assertEquals(cases.size(), h.simulator.counters().rejected(100));
  }

  @Test
  void acceptsEveryInteractiveShapeWithinTheLimits() throws Exception {
    String buttons = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":{\"type\":\"button\","
        + "\"header\":{\"type\":\"text\",\"text\":\"Grievance\"},\"body\":{\"text\":\"What is it about?\"},\"footer\":{\"text\":\"Demo City\"},"
        + "\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"water\",\"title\":\"Water supply\"}},"
        + "{\"type\":\"reply\",\"reply\":{\"id\":\"roads\",\"title\":\"Roads\"}},{\"type\":\"reply\",\"reply\":{\"id\":\"other\",\"title\":\"Something else\"}}]}}}";
    String list = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":{\"type\":\"list\","
        + "\"body\":{\"text\":\"Choose a ward\"},\"action\":{\"button\":\"Wards\",\"sections\":[{\"title\":\"North\",\"rows\":["
        + "{\"id\":\"w1\",\"title\":\"Ward 1\",\"description\":\"Civil Lines\"}]},{\"title\":\"South\",\"rows\":[{\"id\":\"w2\",\"title\":\"Ward 2\"}]}]}}}";
    String template = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"template\",\"template\":{\"name\":\"case_update\","
        + "\"language\":{\"code\":\"hi\"},\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"DC-2025-0001\"}]}]}}";
    h.sendOk(CITY.phoneNumberId(), buttons);
    h.sendOk(CITY.phoneNumberId(), list);
    h.sendOk(CITY.phoneNumberId(), template);
    List<ReceivedSend> received = h.simulator.received(CITY.phoneNumberId(), CITIZEN);
    assertEquals(List.of("water", "roads", "other"), received.get(0).choices().stream().map(ReceivedSend.Choice::id).toList());
    assertEquals("Civil Lines", received.get(1).choice("w1").orElseThrow().description());
    assertEquals("case_update", received.get(2).text());
  }

  @Test
  void throughputLimitGives130429() throws Exception {
    h.sendOk(TOWN.phoneNumberId(), text("919800000011", "1"));
    h.sendOk(TOWN.phoneNumberId(), text("919800000012", "2"));
    HttpResponse<String> third = h.send(TOWN.phoneNumberId(), text("919800000013", "3"));
    assertEquals(400, third.statusCode());
    JsonNode error = json(third.body()).path("error");
    assertEquals(130429, error.path("code").asInt());
    assertEquals("(#130429) Rate limit hit", error.path("message").asText());
    assertEquals("whatsapp", error.path("error_data").path("messaging_product").asText());
    clock.advance(Duration.ofSeconds(1));
    h.sendOk(TOWN.phoneNumberId(), text("919800000013", "3 again"));
    assertEquals(1, h.simulator.counters().rejected(130429));
  }

  @Test
  void pairLimitGives131056AfterABurstOf45() throws Exception {
    for (int i = 0; i < 45; i++) h.sendOk(CITY.phoneNumberId(), text("919800000021", "m" + i));
    HttpResponse<String> r = h.send(CITY.phoneNumberId(), text("919800000021", "one too many"));
    assertEquals(400, r.statusCode());
    assertEquals(131056, json(r.body()).path("error").path("code").asInt());
    h.sendOk(CITY.phoneNumberId(), text("919800000022", "another citizen is fine"));
    clock.advance(Duration.ofSeconds(6));
    h.sendOk(CITY.phoneNumberId(), text("919800000021", "one per 6 s again"));
    assertEquals(131056, json(h.send(CITY.phoneNumberId(), text("919800000021", "but not two")).body()).path("error").path("code").asInt());
  }

  @Test
  void injectedFailuresHitTheNextSendsOnly() throws Exception {
    h.simulator.failNext("919800000031", 2, 131000, 500);
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = h.send(CITY.phoneNumberId(), text("919800000031", "x"));
      assertEquals(500, r.statusCode());
      assertEquals(131000, json(r.body()).path("error").path("code").asInt());
      assertEquals("(#131000) Something went wrong", json(r.body()).path("error").path("message").asText());
    }
    h.sendOk(CITY.phoneNumberId(), text("919800000031", "third works"));

    HttpResponse<String> control = h.request("POST", "/simulator/control/failures",
        "{\"to\":\"+91 98000 00032\",\"count\":1,\"code\":131057}", null);
    assertEquals(200, control.statusCode(), control.body());
    HttpResponse<String> r = h.send(CITY.phoneNumberId(), text("919800000032", "x"));
    assertEquals(500, r.statusCode(), "Meta's HTTP status for 131057");
    assertEquals(131057, json(r.body()).path("error").path("code").asInt());
    h.sendOk(CITY.phoneNumberId(), text("919800000032", "then it works"));

    assertEquals(400, h.request("POST", "/simulator/control/failures", "{\"to\":\"nobody\"}", null).statusCode());
    JsonNode counters = json(h.request("GET", "/simulator/control/counters", null, null).body());
    assertEquals(2, counters.path("rejected_by_code").path("131000").asInt());
    assertEquals(1, counters.path("rejected_by_code").path("131057").asInt());
  }

  @Test
  void markAsReadAnswersSuccessForACitizenMessageOnly() throws Exception {
    SignedWebhook hello = h.simulator.citizenWebhook(CITY.phoneNumberId(), CITIZEN, PhoneMessage.text("hello"));
    String read = "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + hello.wamid() + "\"}";
    HttpResponse<String> r = h.send(CITY.phoneNumberId(), read);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(json(r.body()).path("success").asBoolean());
    assertEquals(chaupal.whatsapp.DeliveryStatus.READ,
        h.simulator.statusOf(CITY.phoneNumberId(), CITIZEN, hello.wamid()).orElseThrow());
    String unknown = "{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.nothing\"}";
    assertEquals(400, h.send(CITY.phoneNumberId(), unknown).statusCode());
  }

  @Test
  void controlApiListsWhatACitizenReceived() throws Exception {
    String wamid = h.sendOk(CITY.phoneNumberId(), text(CITIZEN, "listed"));
    JsonNode listed = json(h.request("GET", "/simulator/control/messages?phone_number_id=" + CITY.phoneNumberId() + "&wa_id=" + CITIZEN,
        null, null).body());
    assertEquals(wamid, listed.path("messages").path(0).path("wamid").asText());
    assertEquals("listed", listed.path("messages").path(0).path("body").path("text").path("body").asText());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
