package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phone page and the JSON API behind it, for this machine's own pages only. */
class PhonePageTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static SimulatorHarness h;
  static final String PN = CITY.phoneNumberId();

  @BeforeAll
  static void start() {
    // A long status delay: only the page's fetch and seen move a message on while it watches.
    h = SimulatorHarness.start(kit.system(), defaults(Duration.ofMinutes(5)));
  }

  @AfterAll
  static void stop() {
    h.close();
    kit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    h.fresh();
  }

  @Test
  void thePageIsSelfContainedAndNeverParsesMessageTextAsHtml() {
    HttpResponse<String> page = h.request("GET", "/phone", null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String html = page.body();
    assertTrue(html.contains("<script>") && html.contains("<style>"));
    Matcher external = Pattern.compile("(?i)(https?:|//[a-z0-9.-]+\\.[a-z]{2,}|@import|<link|<script[^>]+src|<iframe|<object)").matcher(html);
    assertFalse(external.find(), () -> "external reference: " + external.group());
    String css = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
    assertFalse(css.toLowerCase(java.util.Locale.ROOT).contains("url("), "no fonts or images fetched by the style sheet");
    assertFalse(html.contains("innerHTML") || html.contains("outerHTML") || html.contains("insertAdjacentHTML")
        || html.contains("document.write"), "text goes in through textContent only");
    assertTrue(html.contains("name=\"viewport\""), "fits a phone screen");
  }

  @Test
  void channelsListTheBusinessNumbersAndAFakeCitizen() {
    JsonNode channels = json(h.request("GET", "/phone/api/channels", null, null).body());
    assertEquals(PN, channels.path("numbers").path(0).path("id").asText());
    assertEquals("Demo City", channels.path("numbers").path(0).path("name").asText());
    assertEquals("919800000001", channels.path("citizen").asText());
  }

  @Test
  void aChatFromThePage() throws Exception {
    HttpResponse<String> sent = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"name\":\"Asha\","
        + "\"message\":{\"type\":\"text\",\"body\":\"hi <b>there</b>\"}}");
    assertEquals(200, sent.statusCode(), sent.body());
    assertEquals(200, json(sent.body()).path("http").asInt());
    Webhook hook = h.nextMessageWebhook();
    assertEquals("hi <b>there</b>", hook.value().path("messages").path(0).path("text").path("body").asText());
    assertEquals("Asha", hook.value().path("contacts").path(0).path("profile").path("name").asText());

    JsonNode first = conversation(0);
    JsonNode mine = first.path("entries").path(0);
    assertEquals("citizen", mine.path("from").asText());
    assertEquals("delivered", mine.path("status").asText());
    assertEquals(200, mine.path("http").asInt());
    long cursor = first.path("revision").asLong();

    CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> conversation(cursor));
    String reply = h.sendOk(PN, "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":{"
        + "\"type\":\"button\",\"body\":{\"text\":\"Namaste! What can we do?\"},\"action\":{\"buttons\":["
        + "{\"type\":\"reply\",\"reply\":{\"id\":\"complaint\",\"title\":\"File a complaint\"}}]}}}");
    JsonNode woken = waiting.get(20, TimeUnit.SECONDS);
    JsonNode botEntry = null;
    for (JsonNode e : woken.path("entries")) if (e.path("wamid").asText().equals(reply)) botEntry = e;
    assertNotNull(botEntry, woken.toString());
    assertEquals("File a complaint", botEntry.path("body").path("interactive").path("action").path("buttons").path(0).path("reply").path("title").asText());

    assertEquals("sent", h.nextStatus(reply).value().path("statuses").path(0).path("status").asText());
    assertEquals("delivered", h.nextStatus(reply).value().path("statuses").path(0).path("status").asText(), "fetched by the page");
    assertEquals(200, post("/phone/api/seen", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"wamids\":[\"" + reply + "\"]}").statusCode());
    assertEquals("read", h.nextStatus(reply).value().path("statuses").path(0).path("status").asText(), "seen on the page");

    HttpResponse<String> tap = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"button_reply\","
        + "\"context\":\"" + reply + "\",\"id\":\"complaint\",\"title\":\"File a complaint\"}}");
    assertEquals(200, tap.statusCode());
    JsonNode m = h.nextMessageWebhook().value().path("messages").path(0);
    assertEquals(reply, m.path("context").path("id").asText());
    assertEquals("complaint", m.path("interactive").path("button_reply").path("id").asText());

    HttpResponse<String> location = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"location\","
        + "\"latitude\":28.6139,\"longitude\":77.209}}");
    assertEquals(200, location.statusCode());
    assertEquals(28.6139, h.nextMessageWebhook().value().path("messages").path(0).path("location").path("latitude").asDouble());
  }

  @Test
  void aPhotoFromThePage() throws Exception {
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
    HttpResponse<String> stored = h.http.send(HttpRequest.newBuilder(URI.create(h.base + "/phone/api/media?pn=" + PN))
        .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, stored.statusCode(), stored.body());
    String id = json(stored.body()).path("id").asText();
    assertArrayEquals(jpeg, h.getBytes(h.base + "/phone/api/media/" + id, null).body());
    post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"image\",\"media_id\":\"" + id + "\",\"caption\":\"garbage heap\"}}");
    JsonNode image = h.nextMessageWebhook().value().path("messages").path(0).path("image");
    assertEquals(id, image.path("id").asText());
    assertEquals("garbage heap", image.path("caption").asText());

    HttpResponse<String> gif = h.http.send(HttpRequest.newBuilder(URI.create(h.base + "/phone/api/media?pn=" + PN))
        .header("Content-Type", "image/gif").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, gif.statusCode());
  }

  @Test
  void aRefusedWebhookIsShownAndRetried() throws Exception {
    h.messageAnswers.add(500);
    HttpResponse<String> sent = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"text\",\"body\":\"hello?\"}}");
    assertEquals(500, json(sent.body()).path("http").asInt(), "the page hears the first answer");
    Webhook refused = h.nextMessageWebhook();
    Webhook retried = h.nextMessageWebhook();
    assertArrayEquals(refused.raw(), retried.raw());
    String wamid = json(sent.body()).path("wamid").asText();
    JsonNode entry = null;
    long cursor = 0;
    while (entry == null || !entry.path("status").asText().equals("delivered")) {
      JsonNode c = conversation(cursor);
      cursor = c.path("revision").asLong();
      for (JsonNode e : c.path("entries")) if (e.path("wamid").asText().equals(wamid)) entry = e;
    }
    assertEquals(200, entry.path("http").asInt());
  }

  @Test
  void aCitizenBehindAUsernameChatsFromThePage() throws Exception {
    String bsuid = "IN.7301AbC";
    HttpResponse<String> sent = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + bsuid + "\",\"message\":{\"type\":\"text\",\"body\":\"hi\"}}");
    assertEquals(200, sent.statusCode(), sent.body());
    assertEquals(bsuid, h.nextMessageWebhook().value().path("messages").path(0).path("from_user_id").asText());
    HttpResponse<String> chat = h.request("GET", "/phone/api/conversation?pn=" + PN + "&wa=" + bsuid, null, null);
    assertEquals(200, chat.statusCode());
    assertEquals("hi", json(chat.body()).path("entries").path(0).path("body").path("text").path("body").asText());
  }

  @Test
  void badInputIsRefused() {
    for (String citizen : new String[] {"12ab", "IN-7301", "IN.73 01", "India.7301"}) {
      HttpResponse<String> refused = post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + citizen + "\",\"message\":{\"type\":\"text\",\"body\":\"x\"}}");
      assertEquals(400, refused.statusCode(), citizen);
      assertTrue(refused.body().contains("IN.7301"), "says what a citizen may be: " + refused.body());
    }
    assertEquals(400, post("/phone/api/send", "{\"pn\":\"nope\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"text\",\"body\":\"x\"}}").statusCode());
    assertEquals(400, post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"text\",\"body\":\"\"}}").statusCode());
    assertEquals(400, post("/phone/api/send", "{\"pn\":\"" + PN + "\",\"wa\":\"" + CITIZEN + "\",\"message\":{\"type\":\"location\",\"latitude\":91,\"longitude\":0}}").statusCode());
    assertEquals(400, post("/phone/api/send", "[1,2]").statusCode());
    assertEquals(400, post("/phone/api/send", "{").statusCode());
    assertEquals(400, h.request("GET", "/phone/api/conversation?pn=" + PN + "&wa=" + CITIZEN + "&after=x", null, null).statusCode());
  }

  private static JsonNode conversation(long after) {
    HttpResponse<String> r = h.request("GET", "/phone/api/conversation?pn=" + PN + "&wa=" + CITIZEN + "&after=" + after, null, null);
    assertEquals(200, r.statusCode(), r.body());
    return json(r.body());
  }

  private static HttpResponse<String> post(String path, String json) {
    return h.request("POST", path, json, null);
  }

  // Another site the user visits must not drive the simulator: it runs with published development
  // secrets, and a page can post forms and text/plain to loopback or rebind its own name to 127.0.0.1.
  static final String SEND = "{\"pn\":\"" + CITY.phoneNumberId() + "\",\"wa\":\"" + CITIZEN
      + "\",\"message\":{\"type\":\"text\",\"body\":\"hello\"}}";
  static final String FAIL = "{\"to\":\"*\",\"count\":1000,\"code\":131000}";

  @Test
  void formAndTextPostsAreRefused() throws Exception {
    for (String path : new String[] {"/phone/api/send", "/simulator/control/failures", "/simulator/control/reset", "/phone/api/reset"}) {
      for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"}) {
        HttpResponse<String> r = postAs(path, type, path.endsWith("failures") ? FAIL : SEND, null);
        assertEquals(415, r.statusCode(), path + " with " + type);
        assertTrue(r.body().contains("application/json"), r.body());
      }
    }
    assertEquals(0, h.simulator.counters().citizenMessages(), "nothing was sent as the citizen");
  }

  @Test
  void anotherSitesOriginIsRefused() throws Exception {
    HttpResponse<String> r = postAs("/phone/api/send", "application/json", SEND, "https://attacker.example");
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("other sites"), r.body());
    assertEquals(403, postAs("/simulator/control/failures", "application/json", FAIL, "null").statusCode());
    assertEquals(403, postAs("/phone/api/send", "application/json", SEND, "http://127.0.0.1:1").statusCode(), "another port is another origin");
  }

  @Test
  void theOwnPagesJsonRequestWorks() throws Exception {
    HttpResponse<String> r = postAs("/phone/api/send", "application/json", SEND, h.base);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"wamid\""), r.body());
    assertEquals(200, postAs("/simulator/control/reset", "application/json", "{}", h.base).statusCode());
    String page = h.request("GET", "/phone", null, null).body();
    assertTrue(page.contains("headers: { \"Content-Type\": \"application/json\" }, body: JSON.stringify(payload)"),
        "the page posts its JSON as application/json");
  }

  @Test
  void aForeignHostNameIsRefusedSoDnsRebindingFails() throws Exception {
    int port = URI.create(h.base).getPort();
    assertTrue(rawGet("rebound.attacker.example:" + port, port).startsWith("HTTP/1.1 403"));
    assertTrue(rawGet("localhost:" + port, port).startsWith("HTTP/1.1 200"));
    assertTrue(rawGet("[::1]:" + port, port).startsWith("HTTP/1.1 200"));
    assertTrue(rawGet("192.0.2.10:" + port, port).startsWith("HTTP/1.1 200"), "an address cannot be rebound");
  }

  @Test
  void hostNamesThatPass() {
    assertTrue(SameOrigin.localOrAddress("localhost"));
    assertTrue(SameOrigin.localOrAddress("127.0.0.1:8080"));
    assertTrue(SameOrigin.localOrAddress("[::1]:8080"));
    assertFalse(SameOrigin.localOrAddress("localhost.attacker.example"));
    assertFalse(SameOrigin.localOrAddress("127.0.0.1.nip.io:8080"));
    assertFalse(SameOrigin.localOrAddress(""));
  }

  private static HttpResponse<String> postAs(String path, String contentType, String body, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) b.header("Origin", origin);
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status line of a counters request with this Host header (java.net.http will not send another Host). */
  private static String rawGet(String host, int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /simulator/control/counters HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
