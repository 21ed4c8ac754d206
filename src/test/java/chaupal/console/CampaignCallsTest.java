package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.broadcast.BroadcastSettings;
import chaupal.broadcast.CampaignDelivery;
import chaupal.broadcast.Campaigns;
import chaupal.broadcast.ConsentRecording;
import chaupal.outbound.SyncedTemplate;
import chaupal.outbound.TemplateRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The officials' campaign routes: create, read with statistics, estimate, act, report; scoped, audited, errors in the one shape. */
class CampaignCallsTest {

  static final String CHANNEL = "100000000000001";
  /** What the citizens' entities were handed, by number; 919800019999 ended the topic themselves. */
  static final Map<String, ConsentRecording.WrittenConsent> handed = new java.util.concurrent.ConcurrentHashMap<>();
  static final ConsentRecording consents = (citizen, consent) -> {
    handed.put(citizen, consent);
    return CompletableFuture.completedFuture(citizen.equals("919800019999") ? ConsentRecording.Outcome.ENDED_BY_CITIZEN
        : ConsentRecording.Outcome.RECORDED);
  };
  static ConsoleHarness api;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    api = new ConsoleHarness("console_campaigns", ConsoleHarness.ADMIN_PASSWORD, true);
    TemplateRegistry templates = new TemplateRegistry() {
      final SyncedTemplate approved =
          new SyncedTemplate("waba-1", "city_event", "en", "MARKETING", "APPROVED", "GREEN", 1, null, "{{1}} invites you", null, Instant.EPOCH);

      @Override
      public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
        return CHANNEL.equals(channelId) && "city_event".equals(name) && "en".equals(languageCode) ? Optional.of(approved) : Optional.empty();
      }

      @Override
      public List<SyncedTemplate> of(String channelId) {
        return CHANNEL.equals(channelId) ? List.of(approved) : List.of();
      }
    };
    CampaignDelivery delivery = (citizen, message) -> CompletableFuture.completedFuture(CampaignDelivery.Answer.QUEUED);
    Campaigns.init(api.testKit.system(), api.db.dataSource(), ConsoleHarness.DIRECTORY, templates, delivery, consents, api.clock,
        BroadcastSettings.defaults().withRates(Map.of("MARKETING", new BigDecimal("0.5"))), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    api.execute("INSERT INTO broadcast_subscription (channel_id, citizen_id, topic, tenant, language, ulb, ward, subscribed_at, source, "
        + "last_request) SELECT '" + CHANNEL + "', '91980001' || lpad(g::text, 4, '0'), 'city-events', 'punjab', 'en', "
        + "CASE WHEN g % 2 = 0 THEN 'pb.phagwara' ELSE 'pb.jalandhar' END, 1, now(), 'chat', 'seed-' || g FROM generate_series(1, 10) g");
    admin = api.token("admin", ConsoleHarness.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static String plan(String template, String ulbs) {
    return "{\"template_name\":\"" + template + "\",\"languages\":[\"en\"],\"parameters\":[{\"field\":\"ulb_name\"}],"
        + "\"audience\":{\"topics\":[\"city-events\"],\"ulbs\":" + ulbs + "}}";
  }

  static JsonNode answered(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return ConsoleHarness.json(r);
  }

  @Test
  void anAdministratorCreatesEstimatesSchedulesAndFollowsACampaignToItsReport() {
    JsonNode created = answered(api.post("/api/v1/campaigns", admin, plan("city_event", "[\"pb.phagwara\"]")), 201);
    assertEquals("draft", created.get("state").asText());
    String id = created.get("id").asText();
    JsonNode estimate = answered(api.post("/api/v1/campaigns/" + id + "/estimate", admin, "{}"), 200);
    assertEquals(5, estimate.get("audience").asInt());
    assertEquals(0, new BigDecimal("2.5").compareTo(estimate.get("cost_inr").decimalValue()), estimate.toString());
    assertEquals("scheduled", answered(api.post("/api/v1/campaigns/" + id + "/schedule", admin, "{}"), 200).get("state").asText());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        "finished".equals(answered(api.get("/api/v1/campaigns/" + id, admin), 200).get("campaign").get("state").asText()));
    JsonNode detail = answered(api.get("/api/v1/campaigns/" + id, admin), 200);
    assertEquals(5, detail.get("statistics").get("queued").asInt());
    assertEquals(5, detail.get("statistics").get("audience").asInt());
    HttpResponse<String> csv = api.get("/api/v1/campaigns/" + id + "/report.csv", admin);
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    assertEquals(6, csv.body().split("\n").length, csv.body());
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE action = 'create-campaign' AND outcome = 'ok' AND ulb = 'pb.phagwara'"
        + " AND detail = 'campaign " + id + "'"));
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE action = 'schedule-campaign' AND detail = 'campaign " + id + "'"));
    JsonNode conflict = answered(api.post("/api/v1/campaigns/" + id + "/resume", admin, "{}"), 409).get("error");
    assertEquals("illegal", conflict.get("code").asText());
  }

  @Test
  void refusalsAtCreationNameTheFieldInTheOneErrorShape() {
    JsonNode unknown = answered(api.post("/api/v1/campaigns", admin, plan("no_such_template", "[]")), 400).get("error");
    assertEquals("template_name", unknown.get("field").asText());
    assertTrue(unknown.get("message").asText().contains("no en variant"), unknown.toString());
    JsonNode empty = answered(api.post("/api/v1/campaigns", admin, "{\"template_name\":\"city_event\",\"languages\":[\"en\"],"
        + "\"parameters\":[{\"value\":\"x\"}],\"audience\":{\"topics\":[\"health-camps\"]}}"), 400).get("error");
    assertEquals("audience", empty.get("field").asText());
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE action = 'create-campaign' AND outcome = 'invalid' AND detail LIKE '%no subscribers%'"));
  }

  @Test
  void aUlbAdministratorSeesAndSendsOnlyWithinTheirUlbsAndAnObserverOnlyReads() {
    String phagwara = answered(api.post("/api/v1/campaigns", admin, plan("city_event", "[\"pb.phagwara\"]")), 201).get("id").asText();
    String jalandharAdmin = api.official(admin, "jal.campaigns", "ulb-admin", "{\"ulbs\":[\"pb.jalandhar\"]}");
    answered(api.get("/api/v1/campaigns/" + phagwara, jalandharAdmin), 404);
    JsonNode list = answered(api.get("/api/v1/campaigns", jalandharAdmin), 200).get("campaigns");
    for (JsonNode c : list) assertEquals("pb.jalandhar", c.get("audience").get("ulbs").get(0).asText());
    assertEquals("audience.ulbs", answered(api.post("/api/v1/campaigns", jalandharAdmin, plan("city_event", "[\"pb.phagwara\"]")), 400)
        .get("error").get("field").asText());
    JsonNode own = answered(api.post("/api/v1/campaigns", jalandharAdmin, plan("city_event", "[]")), 201);
    assertEquals("pb.jalandhar", own.get("audience").get("ulbs").get(0).asText(), "a ULB administrator's audience defaults to their ULBs");
    String observer = api.official(admin, "campaign.observer", "observer", "{}");
    answered(api.get("/api/v1/campaigns/" + phagwara, observer), 200);
    assertEquals("forbidden", answered(api.post("/api/v1/campaigns/" + phagwara + "/cancel", observer, "{}"), 403).get("error").get("code").asText());
    answered(api.post("/api/v1/campaigns", observer, plan("city_event", "[]")), 403);
  }

  /** A day before the console's clock, in the ISO-8601 a form sends. */
  static String yesterday() {
    return api.clock.instant().minus(Duration.ofDays(1)).toString();
  }

  static String row(String number, String ulb, String at, String reference) {
    return "{\"number\":\"" + number + "\",\"language\":\"hi\",\"ulb\":" + (ulb == null ? "null" : "\"" + ulb + "\"")
        + ",\"ward\":4,\"consented_at\":\"" + at + "\",\"reference\":\"" + reference + "\"}";
  }

  @Test
  void webFormConsentsGoToTheCitizensOneBadRowIsNamedAndTheRestRecorded() {
    String at = yesterday();
    String body = "{\"channel\":\"" + CHANNEL + "\",\"topic\":\"scheme-announcements\",\"consents\":["
        + row("919800011001", "pb.phagwara", at, "form-1") + ","
        + row("12345", "pb.phagwara", at, "form-2") + ","
        + row("919800011003", "pb.phagwara", "2999-01-01T00:00:00Z", "form-3") + ","
        + row("919800011004", "pb.nowhere", at, "form-4") + ","
        + row("919800019999", "pb.jalandhar", at, "form-5") + ","
        + row("919800011001", "pb.phagwara", at, "form-6") + "]}";
    JsonNode result = answered(api.post("/api/v1/subscriptions/import", admin, body), 200);
    assertEquals(1, result.get("recorded").asInt(), result.toString());
    assertEquals(1, result.get("ended_by_citizen").asInt(), result.toString());
    assertEquals(4, result.get("rejected").asInt(), result.toString());
    List<String> why = new java.util.ArrayList<>();
    for (JsonNode p : result.get("problems")) why.add(p.get("index").asInt() + " " + p.get("outcome").asText() + ": " + p.get("reason").asText());
    assertEquals(5, why.size(), why.toString());
    assertTrue(why.get(0).startsWith("1 rejected: number"), why.toString());
    assertTrue(why.get(1).startsWith("2 rejected: consented_at is in the future"), why.toString());
    assertTrue(why.get(2).startsWith("3 rejected: no ULB \"pb.nowhere\""), why.toString());
    assertTrue(why.get(3).startsWith("4 ended-by-citizen"), why.toString());
    assertTrue(why.get(4).startsWith("5 rejected: the number is in this request twice"), why.toString());
    ConsentRecording.WrittenConsent given = handed.get("919800011001");
    assertEquals(new ConsentRecording.WrittenConsent(CHANNEL, "scheme-announcements", "hi", "pb.phagwara", 4, Instant.parse(at),
        "form-1", "admin"), given);
    assertEquals(1, api.count("SELECT count(*) FROM audit_record WHERE action = 'import-consents' AND outcome = 'ok' AND detail LIKE 'web-form consents: 1 recorded%'"));
  }

  @Test
  void anImportOutsideTheCallersScopeOrWithAnUnknownTopicIsRefusedWhole() {
    String one = "[" + row("919800011101", "pb.phagwara", yesterday(), "form-a") + "]";
    JsonNode topic = answered(api.post("/api/v1/subscriptions/import", admin, "{\"channel\":\"" + CHANNEL
        + "\",\"topic\":\"no-such-topic\",\"consents\":" + one + "}"), 400).get("error");
    assertEquals("topic", topic.get("field").asText());
    assertTrue(topic.get("message").asText().contains("scheme-announcements"), "the refusal lists the tenant's topics: " + topic);
    assertEquals("channel", answered(api.post("/api/v1/subscriptions/import", admin, "{\"channel\":\"999\",\"topic\":\"scheme-announcements\","
        + "\"consents\":" + one + "}"), 400).get("error").get("field").asText());
    String jalandharAdmin = api.official(admin, "jal.importer", "ulb-admin", "{\"ulbs\":[\"pb.jalandhar\"]}");
    JsonNode outside = answered(api.post("/api/v1/subscriptions/import", jalandharAdmin, "{\"channel\":\"" + CHANNEL
        + "\",\"topic\":\"scheme-announcements\",\"consents\":" + one + "}"), 200);
    assertEquals(1, outside.get("rejected").asInt(), outside.toString());
    assertTrue(outside.get("problems").get(0).get("reason").asText().startsWith("ulb must be one of yours"), outside.toString());
    String observer = api.official(admin, "import.observer", "observer", "{}");
    answered(api.post("/api/v1/subscriptions/import", observer, "{\"channel\":\"" + CHANNEL + "\",\"topic\":\"scheme-announcements\","
        + "\"consents\":" + one + "}"), 403);
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i <= chaupal.broadcast.ConsentImport.MAX_ROWS; i++) {
      many.append(i == 0 ? "" : ",").append(row("9198000" + (20000 + i), null, yesterday(), "f" + i));
    }
    assertEquals("consents", answered(api.post("/api/v1/subscriptions/import", admin, "{\"channel\":\"" + CHANNEL
        + "\",\"topic\":\"scheme-announcements\",\"consents\":" + many + "]}"), 400).get("error").get("field").asText());
  }
}
