package chaupal.ingress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.stream.Materializer;
import chaupal.citizen.Citizen;
import chaupal.citizen.CitizenMessage;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.StatusUpdate;
import chaupal.whatsapp.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad request the webhook endpoint meets, and what a person sees in return. */
class WebhookIngressTest {

  static final String SECRET = "ingress-test-secret";
  static final String VERIFY = "ingress-test-verify";

  static ActorTestKit testKit;
  static Database db;
  static ServerBinding binding;
  static HttpClient http = HttpClient.newHttpClient();

  /** What the stub inbox does with the next message; by default it persists at once. */
  static final AtomicReference<CompletableFuture<Citizen.Receipt>> nextAnswer = new AtomicReference<>();
  static final List<CitizenMessage> delivered = new CopyOnWriteArrayList<>();
  static final List<StatusUpdate> statuses = new CopyOnWriteArrayList<>();
  static final List<String> preferences = new CopyOnWriteArrayList<>();
  static final java.util.concurrent.atomic.AtomicBoolean failNextPreference = new java.util.concurrent.atomic.AtomicBoolean();
  /** Never probed on its own: a test feeds it the dispatcher waits it should judge by. Sheds however few are in progress. */
  static final LoadShedder shedder = new LoadShedder(Duration.ofMillis(100), 0, System::nanoTime, new SimpleMeterRegistry());
  static final LoadShedder.Probe dispatcherWait = shedder.probe("default");

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    db = TestDatabase.create("webhook_ingress");
    CitizenInbox inbox = (key, message, at) -> {
      delivered.add(message);
      CompletableFuture<Citizen.Receipt> answer = nextAnswer.getAndSet(null);
      return answer != null ? answer : CompletableFuture.completedFuture(Citizen.Receipt.PERSISTED);
    };
    WhatsAppWebhook webhook = new WhatsAppWebhook(Directory.load(Path.of("project-config")), inbox,
        s -> {
          statuses.addAll(s);
          return CompletableFuture.completedFuture(null);
        },
        (channel, waId, stop, at, key) -> {
          if (failNextPreference.getAndSet(false)) return CompletableFuture.failedFuture(new IllegalStateException("journal unavailable"));
          preferences.add(channel + " " + waId + " " + (stop ? "stop" : "resume") + " " + at + " " + key);
          return CompletableFuture.completedFuture(akka.Done.getInstance());
        },
        new UnroutableWebhooks(db.dataSource(), Executors.newSingleThreadExecutor()),
        SECRET, VERIFY, 3_670_016, 1, shedder, Materializer.matFromSystem(testKit.system()), new SimpleMeterRegistry());
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(webhook.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    db.close();
  }

  @BeforeEach
  void reset() {
    for (int i = 0; i < 100; i++) dispatcherWait.sampled(0);
    delivered.clear();
    statuses.clear();
    preferences.clear();
    nextAnswer.set(null);
    sql("DELETE FROM unroutable_webhook");
  }

  static long sql(String statement) {
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      if (!st.execute(statement)) return st.getUpdateCount();
      try (java.sql.ResultSet rs = st.getResultSet()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  static String change(String phoneNumberId, String valueMembers) {
    return "{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\""
        + phoneNumberId + "\"}," + valueMembers + "},\"field\":\"messages\"}";
  }

  static byte[] body(String... changes) {
    return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[" + String.join(",", changes) + "]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String text(String from, String wamid, String words) {
    return "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"" + words + "\"}}";
  }

  /** Posts a signed body and expects it acknowledged: Meta must not send it again for 7 days. */
  static void acknowledged(byte[] body) throws Exception {
    HttpResponse<String> r = post(body, sign(body));
    assertEquals(200, r.statusCode(), r.body());
  }

  static String url(String pathAndQuery) {
    return "http://127.0.0.1:" + binding.localAddress().getPort() + pathAndQuery;
  }

  static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(byte[] body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/webhooks/whatsapp")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) b.header(WebhookSignature.HEADER, signature);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String sign(byte[] body) {
    return WebhookSignature.sign(body, WebhookSignature.secret(SECRET));
  }

  static byte[] textMessage(String wamid, String body) {
    return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Test\"},\"wa_id\":\"919800000201\"}],"
        + "\"messages\":[{\"from\":\"919800000201\",\"id\":\"" + wamid + "\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\""
        + body + "\"}}]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handshakeEchoesTheChallengeOnlyForTheRightToken() throws Exception {
    HttpResponse<String> ok = get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY);
    assertEquals(200, ok.statusCode());
    assertEquals("1158201444", ok.body());
    assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertEquals(403, get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong").statusCode());
    assertEquals(403, get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1").statusCode());
    assertEquals(403, get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" + VERIFY).statusCode());
  }

  @Test
  void aMissingOrWrongSignatureIsRefusedAndNothingIsProcessed() throws Exception {
    byte[] body = textMessage("wamid.SIG1", "hi");
    HttpResponse<String> missing = post(body, null);
    assertEquals(401, missing.statusCode());
    assertTrue(missing.body().contains("missing X-Hub-Signature-256"));
    assertEquals(401, post(body, "sha256=" + "0".repeat(64)).statusCode());
    assertEquals(401, post(body, sign("{}".getBytes(StandardCharsets.UTF_8))).statusCode());
    assertEquals(401, post(body, "sha1=abc").statusCode());
    assertTrue(delivered.isEmpty());
  }

  @Test
  void aSignatureOverReserializedJsonDoesNotVerify() throws Exception {
    // Meta signs the escaped bytes it sends; the same JSON re-encoded as UTF-8 is another body.
    byte[] metaBytes = textMessage("wamid.SIG2", "caf\\u00e9 \\/ \\u0928\\u092e\\u0938\\u094d\\u0924\\u0947");
    String signature = sign(metaBytes);
    JsonNode parsed = MetaJson.READER.readTree(metaBytes);
    byte[] reserialized = MetaJson.READER.writeValueAsBytes(parsed);
    assertNotEquals(new String(metaBytes, StandardCharsets.UTF_8), new String(reserialized, StandardCharsets.UTF_8));
    assertEquals(401, post(reserialized, signature).statusCode());
    assertEquals(200, post(metaBytes, signature).statusCode());
    assertEquals(1, delivered.size());
    assertEquals("café / नमस्ते", delivered.get(0).text());
  }

  @Test
  void anOversizedBodyIsRefusedBeforeParsing() throws Exception {
    byte[] big = new byte[3_670_017];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r = post(big, sign(big));
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("3 MB"));
  }

  @Test
  void malformedJsonWithAValidSignatureIs400WithAReason() throws Exception {
    for (String bad : List.of("not json", "{\"object\":\"whatsapp_business_account\",\"entry\":{}}")) {
      byte[] body = bad.getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r = post(body, sign(body));
      assertEquals(400, r.statusCode(), bad);
      assertTrue(r.body().startsWith("malformed webhook: "), r.body());
    }
    assertTrue(delivered.isEmpty());
  }

  @Test
  void allMessagesAndStatusesOfABodyAreHandled() throws Exception {
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
        + "{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"919800000202\"}],"
        + "\"messages\":[{\"from\":\"919800000202\",\"id\":\"wamid.M1\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"one\"}},"
        + "{\"from\":\"919800000202\",\"id\":\"wamid.M2\",\"timestamp\":\"1750000001\",\"type\":\"text\",\"text\":{\"body\":\"two\"}}]},\"field\":\"messages\"},"
        + "{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"statuses\":[{\"id\":\"wamid.S1\",\"status\":\"read\",\"timestamp\":\"1750000002\",\"recipient_id\":\"919800000202\"}]},\"field\":\"messages\"}]}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertEquals(200, post(bytes, sign(bytes)).statusCode());
    assertEquals(List.of("one", "two"), delivered.stream().map(CitizenMessage::text).toList());
    assertEquals(1, statuses.size());
  }

  @Test
  void whenTheEntityDoesNotAnswerInTimeTheAnswerIs503SoMetaRetries() throws Exception {
    CompletableFuture<Citizen.Receipt> failed = new CompletableFuture<>();
    failed.completeExceptionally(new java.util.concurrent.TimeoutException("ask timed out"));
    nextAnswer.set(failed);
    byte[] body = textMessage("wamid.T1", "hi");
    HttpResponse<String> r = post(body, sign(body));
    assertEquals(503, r.statusCode());
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void overloadIsShedAtOnceWith503() throws Exception {
    // max-in-flight is 1 here: while one webhook waits for its entity, the next is refused at once.
    CompletableFuture<Citizen.Receipt> slow = new CompletableFuture<>();
    nextAnswer.set(slow);
    byte[] first = textMessage("wamid.L1", "hi");
    CompletableFuture<HttpResponse<String>> pending = http.sendAsync(HttpRequest.newBuilder(URI.create(url("/webhooks/whatsapp")))
        .header("Content-Type", "application/json").header(WebhookSignature.HEADER, sign(first))
        .POST(HttpRequest.BodyPublishers.ofByteArray(first)).build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> !delivered.isEmpty());
    byte[] second = textMessage("wamid.L2", "hi");
    HttpResponse<String> shed = post(second, sign(second));
    assertEquals(503, shed.statusCode());
    assertTrue(shed.body().startsWith("overloaded"));
    slow.complete(Citizen.Receipt.PERSISTED);
    assertEquals(200, pending.get(10, TimeUnit.SECONDS).statusCode());
    assertEquals(200, post(second, sign(second)).statusCode(), "served again once the load is gone");
  }

  @Test
  void aSaturatedNodeShedsWebhooksBeforeReadingThemAndTakesThemAgainWhenTheWaitFalls() throws Exception {
    for (int i = 0; i < 30; i++) dispatcherWait.sampled(Duration.ofMillis(250).toNanos()); // far over twice the target
    byte[] body = textMessage("wamid.S1", "hi");
    HttpResponse<String> shed = post(body, sign(body));
    assertEquals(503, shed.statusCode());
    assertEquals("1", shed.headers().firstValue("Retry-After").orElse(""));
    assertTrue(shed.body().startsWith("overloaded"), shed.body());
    assertTrue(delivered.isEmpty(), "nothing of a shed webhook reaches an entity");
    for (int i = 0; i < 30; i++) dispatcherWait.sampled(Duration.ofMillis(5).toNanos());
    assertEquals(200, post(body, sign(body)).statusCode(), "the same delivery is taken once the wait falls");
    assertEquals(List.of("hi"), delivered.stream().map(CitizenMessage::text).toList());
  }

  @Test
  void twoSignatureHeadersAreRefusedEvenWhenTheFirstIsRight() throws Exception {
    byte[] body = textMessage("wamid.SIG3", "hi");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/webhooks/whatsapp")))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, sign(body)).header(WebhookSignature.HEADER, "sha256=" + "0".repeat(64))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, r.statusCode());
    assertEquals("more than one X-Hub-Signature-256 header; send exactly one", r.body());
    assertTrue(delivered.isEmpty());
  }

  @Test
  void oneBadMessageAmongAThousandIsKeptAsideAndTheOthersDelivered() throws Exception {
    StringBuilder messages = new StringBuilder();
    for (int i = 0; i < 999; i++) messages.append(text("9198000" + String.format("%05d", i), "wamid.K" + i, "m" + i)).append(',');
    messages.append("{\"id\":\"wamid.NOBODY\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}");
    acknowledged(body(change("100000000000001", "\"messages\":[" + messages + "]")));
    assertEquals(999, delivered.size());
    assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook"));
    assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook WHERE elements LIKE '%value.messages[999]%no sender%'"));
  }

  @Test
  void badStatusesAndValuesNoColumnTakesAreKeptAsideNotAnswered503() throws Exception {
    String good = text("919800000301", "wamid.B1", "still here");
    acknowledged(body(change("100000000000001", "\"messages\":[" + good + "],"
        + "\"statuses\":[{\"id\":\"wamid.NOTIME\",\"status\":\"read\",\"recipient_id\":\"919800000301\"},"
        + "{\"id\":\"" + "S".repeat(300) + "\",\"status\":\"read\",\"timestamp\":\"1750000000\",\"recipient_id\":\"919800000301\"},"
        + "{\"id\":\"wamid.OK\",\"status\":\"read\",\"timestamp\":\"1750000000\",\"recipient_id\":\"919800000301\"}]")));
    assertEquals(List.of("still here"), delivered.stream().map(CitizenMessage::text).toList());
    assertEquals(List.of("wamid.OK"), statuses.stream().map(StatusUpdate::wamid).toList());
    // A phone_number_id of 70 digits was refused by the column, and the 503 came back for a week.
    acknowledged(body(change("1".repeat(70), "\"messages\":[" + text("919800000302", "wamid.B2", "x") + "]"),
        change("100000000000001", "\"messages\":[" + text("919800000303", "wamid.B3", "beside") + "]")));
    assertEquals(List.of("still here", "beside"), delivered.stream().map(CitizenMessage::text).toList());
    assertEquals(2, sql("SELECT count(*) FROM unroutable_webhook"));
  }

  @Test
  void sendersThatAreNoCitizenAndGroupMessagesAreKeptAsideAndNotAnswered() throws Exception {
    for (String message : List.of(
        text("bla", "wamid.X1", "bla"),
        text("919876030000\\u0000", "wamid.X2", "nul"),
        text("9".repeat(300), "wamid.X3", "long"),
        "{\"from\":\"1\"}",
        "{\"from\":\"919800000304\",\"group_id\":\"120363000000000001\",\"id\":\"wamid.X4\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"to the group\"}}",
        "{\"from\":\"919800000305\",\"id\":\"wamid.X5\",\"timestamp\":\"yesterday\",\"type\":\"text\",\"text\":{\"body\":\"when\"}}")) {
      acknowledged(body(change("100000000000001", "\"messages\":[" + message + "]")));
    }
    assertTrue(delivered.isEmpty(), delivered.toString());
    assertEquals(6, sql("SELECT count(*) FROM unroutable_webhook"));
    assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook WHERE reason LIKE '%group message; no channel serves groups%'"));
  }

  @Test
  void aBodyIsStoredOnceAndLoggedOnceWhateverItHolds() throws Exception {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WhatsAppWebhook.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      String[] changes = new String[1000];
      for (int i = 0; i < changes.length; i++) {
        changes[i] = change("99999999999" + String.format("%04d", i), "\"messages\":[" + text("919800000306", "wamid.U" + i, "lost?") + "]");
      }
      byte[] body = body(changes);
      acknowledged(body);
      assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook"));
      assertEquals(body.length, sql("SELECT sum(octet_length(body)) FROM unroutable_webhook"));
      assertTrue(sql("SELECT octet_length(elements) FROM unroutable_webhook") < 64 * 1024, "the listed elements are bounded");
      assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook WHERE phone_number_id = '999999999990000' AND reason LIKE '1000 set aside: 1000 no channel%'"));
      assertEquals(1, lines.list.size(), lines.list.toString());
      assertFalse(lines.list.get(0).getFormattedMessage().contains("919800000306"), "no citizen's number in the log");
      assertTrue(delivered.isEmpty());
    } finally {
      logger.detachAppender(lines);
    }
  }

  // ------------------------------------------------------------------ user_preferences (issue 12)

  static byte[] preference(String phoneNumberId, String waId, String value) {
    return body("{\"field\":\"user_preferences\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
        + "\"910000000001\",\"phone_number_id\":\"" + phoneNumberId + "\"},\"contacts\":[{\"wa_id\":\"" + waId + "\"}],"
        + "\"user_preferences\":[{\"wa_id\":\"" + waId + "\",\"detail\":\"User requested to " + value + " marketing messages\","
        + "\"category\":\"marketing_messages\",\"value\":\"" + value + "\",\"timestamp\":1731705721}]}}");
  }

  @Test
  void aMarketingStopAndResumeAreHeardWithChannelCitizenTimeAndKey() throws Exception {
    acknowledged(preference("100000000000001", "919800010311", "stop"));
    acknowledged(preference("100000000000001", "919800010311", "resume"));
    assertEquals(List.of(
        "100000000000001 919800010311 stop 1731705721000 user-preferences/100000000000001/919800010311/1731705721000/stop",
        "100000000000001 919800010311 resume 1731705721000 user-preferences/100000000000001/919800010311/1731705721000/resume"), preferences);
  }

  @Test
  void aMarketingStopNotYetRecordedIsNotAcknowledgedSoMetaSendsItAgain() throws Exception {
    failNextPreference.set(true);
    byte[] stop = preference("100000000000001", "919800010312", "stop");
    assertEquals(503, post(stop, sign(stop)).statusCode());
    assertEquals(List.of(), preferences);
  }

  @Test
  void aMarketingStopForANumberNoChannelHasIsSetAsideNotHeard() throws Exception {
    acknowledged(preference("100000000000999", "919800010313", "stop"));
    assertEquals(List.of(), preferences);
    assertEquals(1, sql("SELECT count(*) FROM unroutable_webhook"));
  }
}
