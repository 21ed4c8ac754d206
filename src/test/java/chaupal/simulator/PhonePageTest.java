package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phone page and the JSON API behind it. */
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
}
