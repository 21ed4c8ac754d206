package chaupal.ingress;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.stream.Materializer;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The missed-call entry takes only signed, fresh, well-formed calls to a known number, each call once. */
class MissedCallEntryTest {

  private static final String SECRET = "missed-call-test-secret";
  /** Sagar's display number in project-config/channels.conf. */
  private static final String SAGAR = "910000000004";
  private static final String CALLER = "919800010001";

  record Heard(String channelId, String caller, long atMillis, String callId) {}

  private static final List<Heard> heard = new CopyOnWriteArrayList<>();
  private static ActorTestKit testKit;
  private static Database db;
  private static ServerBinding binding;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create();
    db = TestDatabase.create("missed_call_entry");
    MissedCalls calls = (channel, caller, at, id) -> {
      heard.add(new Heard(channel, caller, at, id));
      return CompletableFuture.completedFuture(Done.getInstance());
    };
    MissedCallEntry entry = new MissedCallEntry(Directory.load(Path.of("project-config")), calls, SECRET, db.dataSource(),
        Executors.newSingleThreadExecutor(), Clock.systemUTC(), Materializer.matFromSystem(testKit.system()));
    binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0).bind(entry.route()).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    db.close();
  }

  private static String body(String callId, String caller, String called) {
    return "{\"call_id\":\"" + callId + "\",\"caller\":\"" + caller + "\",\"called\":\"" + called + "\",\"at\":" + now() + "}";
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static HttpResponse<String> post(String body, long timestamp, String secret) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(timestamp);
    return post(bytes, ts, MissedCallEntry.sign(secret.getBytes(StandardCharsets.UTF_8), ts, bytes));
  }

  private static HttpResponse<String> post(byte[] body, String timestamp, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + "/webhooks/missed-call"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (timestamp != null) b.header(MissedCallEntry.TIMESTAMP_HEADER, timestamp);
    if (signature != null) b.header(MissedCallEntry.SIGNATURE_HEADER, signature);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long heardOf(String callId) {
    return heard.stream().filter(h -> h.callId().equals(callId)).count();
  }

  @Test
  void aGoodCallReachesTheCitizenOnceAndItsRepeatIsIgnored() throws Exception {
    String body = body("call-good-1", CALLER, SAGAR);
    HttpResponse<String> first = post(body, now(), SECRET);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("{\"status\":\"accepted\"}", first.body());
    Heard h = heard.stream().filter(x -> x.callId().equals("call-good-1")).findFirst().orElseThrow();
    assertEquals(new Heard("100000000000004", CALLER, h.atMillis(), "call-good-1"), h);
    HttpResponse<String> again = post(body, now(), SECRET);
    assertEquals(200, again.statusCode());
    assertEquals("{\"status\":\"duplicate\"}", again.body());
    assertEquals(1, heardOf("call-good-1"), "the same call_id is handed on once");
  }

  @Test
  void aForgedSignatureIsRefused() throws Exception {
    byte[] body = body("call-forged", CALLER, SAGAR).getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now());
    HttpResponse<String> r = post(body, ts, "sha256=" + "0".repeat(64));
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("does not match"), r.body());
    HttpResponse<String> none = post(body, ts, null);
    assertEquals(401, none.statusCode());
    assertTrue(none.body().contains(MissedCallEntry.SIGNATURE_HEADER), none.body());
    // Signed for another body: the signature covers the body.
    String other = MissedCallEntry.sign(SECRET.getBytes(StandardCharsets.UTF_8), ts, body("call-other", CALLER, SAGAR).getBytes(StandardCharsets.UTF_8));
    assertEquals(401, post(body, ts, other).statusCode());
    assertEquals(0, heardOf("call-forged"));
  }

  @Test
  void theWrongSecretIsRefused() throws Exception {
    HttpResponse<String> r = post(body("call-wrong-secret", CALLER, SAGAR), now(), "not-the-secret");
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("CHAUPAL_MISSED_CALL_SECRET"), r.body());
    assertEquals(0, heardOf("call-wrong-secret"));
  }

  @Test
  void aReplayOlderThanFiveMinutesIsRefused() throws Exception {
    HttpResponse<String> r = post(body("call-replayed", CALLER, SAGAR), now() - 301, SECRET);
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("5 minutes old"), r.body());
    assertEquals(200, post(body("call-four-minutes", CALLER, SAGAR), now() - 240, SECRET).statusCode(), "within 5 minutes");
    assertEquals(0, heardOf("call-replayed"));
  }

  @Test
  void aTimestampFromTheFutureIsRefused() throws Exception {
    HttpResponse<String> r = post(body("call-future", CALLER, SAGAR), now() + 120, SECRET);
    assertEquals(401, r.statusCode());
    assertTrue(r.body().contains("ahead"), r.body());
    assertEquals(0, heardOf("call-future"));
  }

  @Test
  void malformedBodiesAre400() throws Exception {
    for (String bad : List.of("{not json", "[1,2]", body("call bad id", CALLER, SAGAR), body("call-plus", "+" + CALLER, SAGAR),
        body("call-short", "12345", SAGAR), "{\"call_id\":\"call-no-at\",\"caller\":\"" + CALLER + "\",\"called\":\"" + SAGAR + "\"}")) {
      HttpResponse<String> r = post(bad, now(), SECRET);
      assertEquals(400, r.statusCode(), bad + " -> " + r.body());
      assertTrue(r.body().startsWith("{\"error\":"), r.body());
    }
  }

  @Test
  void anOversizedBodyIs413() throws Exception {
    String big = "{\"call_id\":\"call-big\",\"pad\":\"" + "x".repeat(MissedCallEntry.MAX_BODY_BYTES) + "\"}";
    assertEquals(413, post(big, now(), SECRET).statusCode());
  }

  @Test
  void anUnknownCalledNumberIs404() throws Exception {
    HttpResponse<String> r = post(body("call-unknown-number", CALLER, "919800019999"), now(), SECRET);
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("no channel has the number 919800019999"), r.body());
    assertEquals(0, heardOf("call-unknown-number"));
  }
}
