package chaupal.e2e;

import static chaupal.e2e.ConversationEndToEndTest.PUNJAB;
import static chaupal.e2e.ConversationEndToEndTest.onboard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.ingress.MissedCallEntry;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.whatsapp.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts through a whole node: consent given in the chat on the simulator's phone, a campaign
 * created, estimated and scheduled by an official over the API on a marketing template the simulator
 * serves, the messages and their statuses; STOP and Meta's stop setting in the middle; the missed-call
 * entry; a template paused at Meta holding its campaign. Each test has its own topic or marker, so
 * the tests do not see each other's campaigns.
 */
class CampaignEndToEndTest {

  private static final String ADMIN_PASSWORD = "e2e-admin-password";
  private static final String MISSED_CALL_SECRET = "e2e-missed-call-secret";
  private static final String PUNJAB_WABA = "200000000000001";
  private static final String PUNJAB_DISPLAY = "910000000001";
  private static final String TEMPLATE = "health_camp";

  static Database db;
  static TestNode node;
  static String token;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("campaign_e2e");
    node = TestNode.start(db, Map.of("chaupal.console.admin-password", ADMIN_PASSWORD, "chaupal.missed-call.secret", MISSED_CALL_SECRET));
    token = login();
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  @Test
  void onlyTheCitizensWhoConsentedGetTheCampaignOnceEachAndItsFiguresFollowTheStatuses() throws Exception {
    Phone first = consented("919800040001", "scheme-announcements");
    Phone second = consented("919800040002", "scheme-announcements");
    Phone other = new Phone(node, PUNJAB, "919800040003");
    onboard(other, "en");

    JsonNode templates = get("/api/v1/templates").path("templates");
    assertTrue(templates.toString().contains("\"name\":\"" + TEMPLATE + "\""), "the simulator's marketing template is synced: " + templates);
    JsonNode camp = null;
    for (JsonNode t : templates) {
      if (t.path("channel").asText().equals(PUNJAB) && t.path("name").asText().equals(TEMPLATE) && t.path("language").asText().equals("en")) camp = t;
    }
    assertTrue(camp != null, "health_camp (en) on Punjab's channel: " + templates);
    assertEquals("MARKETING", camp.path("category").asText());
    assertEquals("APPROVED", camp.path("status").asText());

    String marker = marker("Ward 7 hall");
    long id = createCampaign("scheme-announcements", marker);
    JsonNode estimate = json.readTree(expect(200, "POST", "/api/v1/campaigns/" + id + "/estimate", "{}"));
    assertEquals(2, estimate.path("audience").asLong(), estimate.toString());
    assertEquals("MARKETING", estimate.path("category").asText());
    expect(200, "POST", "/api/v1/campaigns/" + id + "/schedule", "{}");

    awaitCampaignMessages(first, marker, 1);
    awaitCampaignMessages(second, marker, 1);
    JsonNode statistics = Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/campaigns/" + id).path("statistics"), s -> s.path("read").asLong() == 2);
    assertEquals(2, statistics.path("audience").asLong(), statistics.toString());
    assertEquals(2, statistics.path("sent").asLong(), statistics.toString());
    assertEquals(2, statistics.path("delivered").asLong(), statistics.toString());
    assertEquals(0, statistics.path("failed").asLong(), statistics.toString());
    assertEquals("finished", get("/api/v1/campaigns/" + id).path("campaign").path("state").asText());

    // Nothing more comes late: once each, and never to the citizen who did not consent.
    Thread.sleep(1_000);
    assertEquals(1, campaignMessages(first, marker).size());
    assertEquals(1, campaignMessages(second, marker).size());
    assertEquals(0, campaignMessages(other, marker).size(), Phone.texts(other.received()));
    assertTrue(other.received().stream().noneMatch(m -> m.type().equals("template")), Phone.texts(other.received()));
  }

  @Test
  void aStopInTheMiddleOfARunningCampaignIsConfirmedAndNothingOfItComesAfter() throws Exception {
    Phone stays = consented("919800040011", "msewa-services");
    // The stopping citizen's campaign message fails at Meta for a while: it is waiting in the outbox,
    // its campaign running, when the STOP comes.
    Phone stops = failing(consented("919800040012", "msewa-services"), 4, 131000, 500);
    String marker = marker("Civil hospital");
    scheduled("msewa-services", marker);
    awaitCampaignMessages(stays, marker, 1);

    int before = stops.received().size();
    stops.send("रोकें");
    stops.awaitMessage(before, m -> m.text().contains("STOP") || m.text().contains("START"), "the stop's confirmation");
    Thread.sleep(8_000);
    assertEquals(0, campaignMessages(stops, marker).size(), "nothing of the campaign after STOP: " + Phone.texts(stops.received()));

    // Meta's own stop setting ends the consent too: the next campaign's audience is the other citizen no more.
    Phone settles = consented("919800040013", "msewa-services");
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + PUNJAB_WABA + "\",\"changes\":[{\"field\":\"user_preferences\",\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"" + PUNJAB_DISPLAY + "\",\"phone_number_id\":\"" + PUNJAB + "\"},"
        + "\"contacts\":[{\"wa_id\":\"" + stays.citizen + "\"}],\"user_preferences\":[{\"wa_id\":\"" + stays.citizen
        + "\",\"detail\":\"User requested to stop marketing messages\",\"category\":\"marketing_messages\",\"value\":\"stop\",\"timestamp\":"
        + System.currentTimeMillis() / 1000 + "}]}}]}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(node.url("/webhooks/whatsapp")))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(bytes, WebhookSignature.secret(TestNode.APP_SECRET)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, posted.statusCode(), posted.body());
    String next = marker("District park");
    long later = createCampaign("msewa-services", next);
    // The consent read model follows the citizen's event: within a minute at most, the issue says.
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200)).until(() ->
        json.readTree(expect(200, "POST", "/api/v1/campaigns/" + later + "/estimate", "{}")).path("audience").asLong() == 1);
    expect(200, "POST", "/api/v1/campaigns/" + later + "/schedule", "{}");
    awaitCampaignMessages(settles, next, 1);
    Thread.sleep(1_000);
    assertEquals(0, campaignMessages(stays, next).size(), Phone.texts(stays.received()));
    assertEquals(0, campaignMessages(stops, next).size(), Phone.texts(stops.received()));
  }

  @Test
  void aCampaignSendMetaRefusesWith131050EndsTheConsent() throws Exception {
    Phone refused = failing(consented("919800040041", "scheme-announcements"), 1, 131050, 0);
    Phone stays = consented("919800040042", "scheme-announcements");
    String marker = marker("Town hall");
    long id = scheduled("scheme-announcements", marker);
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/campaigns/" + id).path("statistics").path("failed_by_code").path("131050").asLong() == 1);
    // The refused citizen is out of the next audience; the others of the topic are still in it.
    long others = get("/api/v1/campaigns/" + id).path("statistics").path("audience").asLong() - 1;
    long next = createCampaign("scheme-announcements", marker("Bus stand"));
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200)).until(() ->
        json.readTree(expect(200, "POST", "/api/v1/campaigns/" + next + "/estimate", "{}")).path("audience").asLong() == others);
    awaitCampaignMessages(stays, marker, 1);
    assertEquals(0, campaignMessages(refused, marker).size(), Phone.texts(refused.received()));
  }

  @Test
  void aMissedCallBringsTheWelcomeTemplateOnceWithinTheQuietTimeAndAForgedOneNothing() throws Exception {
    Phone caller = new Phone(node, PUNJAB, "919800040031");
    assertEquals(200, missedCall("call-e2e-1", caller.citizen, MISSED_CALL_SECRET).statusCode());
    List<ReceivedSend> got = caller.awaitCount(1);
    assertEquals("template", got.get(0).type(), Phone.texts(got));
    assertEquals("chaupal_welcome", got.get(0).text());

    assertEquals(200, missedCall("call-e2e-2", caller.citizen, MISSED_CALL_SECRET).statusCode());
    Phone forged = new Phone(node, PUNJAB, "919800040032");
    HttpResponse<String> refused = missedCall("call-e2e-3", forged.citizen, "not-the-secret");
    assertEquals(401, refused.statusCode(), refused.body());
    Thread.sleep(3_000);
    assertEquals(1, caller.received().size(), "one welcome within the quiet time: " + Phone.texts(caller.received()));
    assertEquals(0, forged.received().size(), Phone.texts(forged.received()));
  }

  @Test
  void aCampaignOnATemplatePausedAtMetaIsHeldWithTheReasonAndResumesOnceApproved() throws Exception {
    Phone citizen = consented("919800040021", "scheme-announcements");
    String marker = marker("Gurdwara hall");
    long id = createCampaign("scheme-announcements", marker);
    try {
      assertEquals(200, node.simulator().changeTemplate(PUNJAB_WABA, TEMPLATE, "en", "PAUSED", null, "RED")
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
      // Scheduling is refused while paused; held happens to a campaign that was already scheduled.
      HttpResponse<String> refused = send("POST", "/api/v1/campaigns/" + id + "/schedule", "{}");
      assertEquals(409, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("PAUSED"), refused.body());
      assertEquals(200, node.simulator().changeTemplate(PUNJAB_WABA, TEMPLATE, "en", "APPROVED", null, "GREEN")
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
      String at = java.time.Instant.now().plusSeconds(3).toString();
      expect(200, "POST", "/api/v1/campaigns/" + id + "/schedule", "{\"at\":\"" + at + "\"}");
      assertEquals(200, node.simulator().changeTemplate(PUNJAB_WABA, TEMPLATE, "en", "PAUSED", null, "RED")
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
      JsonNode held = Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200))
          .until(() -> get("/api/v1/campaigns/" + id).path("campaign"), c -> c.path("state").asText().equals("held"));
      assertTrue(held.path("held_reason").asText().contains("PAUSED"), held.toString());
      Thread.sleep(1_000);
      assertEquals(0, campaignMessages(citizen, marker).size(), Phone.texts(citizen.received()));
    } finally {
      assertEquals(200, node.simulator().changeTemplate(PUNJAB_WABA, TEMPLATE, "en", "APPROVED", null, "GREEN")
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    awaitCampaignMessages(citizen, marker, 1);
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(200))
        .until(() -> get("/api/v1/campaigns/" + id).path("campaign").path("state").asText().equals("finished"));
  }

  /** Onboards in English and consents to {@code topic}: menu, updates, the topic, the consent button. */
  @Test
  void consentsFromAWebFormReachTheCitizensRecordsAndTheCampaignButNeverUndoACitizensStop() throws Exception {
    Phone imported = new Phone(node, PUNJAB, "919800040051");
    Phone stopped = consented("919800040052", "scheme-announcements");
    int before = stopped.received().size();
    stopped.send("STOP");
    stopped.awaitMessage(before, m -> m.text().contains("START"), "the stop's confirmation");

    String at = java.time.Instant.now().minus(Duration.ofHours(2)).toString();
    String body = "{\"channel\":\"" + PUNJAB + "\",\"topic\":\"scheme-announcements\",\"consents\":["
        + "{\"number\":\"" + imported.citizen + "\",\"language\":\"en\",\"consented_at\":\"" + at + "\",\"reference\":\"form-e2e-1\"},"
        + "{\"number\":\"" + stopped.citizen + "\",\"consented_at\":\"" + at + "\",\"reference\":\"form-e2e-2\"}]}";
    JsonNode result = json.readTree(expect(200, "POST", "/api/v1/subscriptions/import", body));
    assertEquals(1, result.path("recorded").asInt(), result.toString());
    assertEquals(1, result.path("ended_by_citizen").asInt(), result.toString());
    assertEquals(1, result.path("problems").get(0).path("index").asInt(), result.toString());
    JsonNode again = json.readTree(expect(200, "POST", "/api/v1/subscriptions/import", body));
    assertEquals(1, again.path("already_active").asInt(), "the same list twice records nothing new: " + again);

    // The consent read model has it with its source and the form's time, as the audience reads it.
    Awaitility.await().atMost(TestNode.patience()).until(() -> TestDatabase.query(db, "SELECT source || ' ' || to_char(subscribed_at "
        + "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI') FROM broadcast_subscription WHERE citizen_id = ? AND ended_at IS NULL",
        rs -> rs.next() ? rs.getString(1) : "", imported.citizen), row -> row.equals("web-form " + at.substring(0, 16)));

    String marker = marker("Town hall");
    scheduled("scheme-announcements", marker);
    awaitCampaignMessages(imported, marker, 1);
    Thread.sleep(1_000);
    assertEquals(0, campaignMessages(stopped, marker).size(), Phone.texts(stopped.received()));
  }

  private static Phone consented(String waId, String topic) {
    Phone phone = new Phone(node, PUNJAB, waId);
    onboard(phone, "en");
    ReceivedSend menu = phone.received().get(phone.received().size() - 1);
    int before = phone.received().size();
    phone.tap(choiceEndingWith(menu, ":updates"));
    ReceivedSend topics = phone.awaitMessage(before, m -> m.choices().stream().anyMatch(c -> c.id().endsWith(":" + topic)), "the topics");
    before = phone.received().size();
    phone.tap(choiceEndingWith(topics, ":" + topic));
    ReceivedSend ask = phone.awaitMessage(before, m -> m.choices().stream().anyMatch(c -> c.id().endsWith(":yes")), "the consent button");
    before = phone.received().size();
    phone.tap(choiceEndingWith(ask, ":yes"));
    phone.awaitMessage(before, m -> m.text().startsWith("Done."), "the subscription's confirmation");
    // A campaign's audience is the consent read model when it starts: wait until it holds this one,
    // or a campaign scheduled next may rightly start without the citizen.
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(50)).until(() -> TestDatabase.query(db,
        "SELECT count(*) FROM broadcast_subscription WHERE citizen_id = ? AND topic = ? AND ended_at IS NULL", rs -> {
          rs.next();
          return rs.getLong(1) == 1;
        }, waId, topic));
    return phone;
  }

  /** The phone's next {@code count} messages are refused by the simulator with Meta's {@code code}. */
  private static Phone failing(Phone phone, int count, int code, int httpStatus) {
    node.simulator().failNext(phone.citizen, count, code, httpStatus);
    return phone;
  }

  private static String choiceEndingWith(ReceivedSend m, String end) {
    return m.choices().stream().map(ReceivedSend.Choice::id).filter(id -> id.endsWith(end)).findFirst()
        .orElseThrow(() -> new AssertionError("no choice " + end + " in " + m.choices()));
  }

  private static long createCampaign(String topic, String marker) throws Exception {
    String body = "{\"template_name\":\"" + TEMPLATE + "\",\"languages\":[\"en\"],\"parameters\":[{\"value\":\"" + marker
        + "\"},{\"value\":\"Sunday\"}],\"audience\":{\"channels\":[\"" + PUNJAB + "\"],\"topics\":[\"" + topic + "\"]}}";
    // The consent read model follows the citizens' events: the audience may take a moment to appear.
    String created = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> send("POST", "/api/v1/campaigns", body), r -> r.statusCode() == 201).body();
    return json.readTree(created).path("id").asLong();
  }

  /** A text no other campaign of the run has, to tell this campaign's messages on the phones. */
  private static String marker(String place) {
    return place + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long scheduled(String topic, String marker) throws Exception {
    long id = createCampaign(topic, marker);
    expect(200, "POST", "/api/v1/campaigns/" + id + "/schedule", "{}");
    return id;
  }

  private static List<ReceivedSend> campaignMessages(Phone phone, String marker) {
    return phone.received().stream().filter(m -> m.type().equals("template") && m.body().toString().contains(marker)).toList();
  }

  private static void awaitCampaignMessages(Phone phone, String marker, int count) {
    Awaitility.await().atMost(TestNode.patience()).pollInterval(Duration.ofMillis(100))
        .until(() -> campaignMessages(phone, marker).size() >= count);
    assertEquals(count, campaignMessages(phone, marker).size());
  }

  private static HttpResponse<String> missedCall(String callId, String caller, String secret) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    byte[] body = ("{\"call_id\":\"" + callId + "\",\"caller\":\"" + caller + "\",\"called\":\"" + PUNJAB_DISPLAY + "\",\"at\":" + now + "}")
        .getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now);
    return http.send(HttpRequest.newBuilder(URI.create(node.url("/webhooks/missed-call")))
        .header("Content-Type", "application/json")
        .header(MissedCallEntry.TIMESTAMP_HEADER, ts)
        .header(MissedCallEntry.SIGNATURE_HEADER, MissedCallEntry.sign(secret.getBytes(StandardCharsets.UTF_8), ts, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String login() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.url("/api/v1/login")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body()).path("token").asText();
  }

  private static JsonNode get(String path) throws Exception {
    return json.readTree(expect(200, "GET", path, null));
  }

  private static String expect(int status, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertEquals(status, r.statusCode(), method + " " + path + ": " + r.body());
    return r.body();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
