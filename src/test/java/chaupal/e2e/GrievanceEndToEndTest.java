package chaupal.e2e;

import static chaupal.e2e.ConversationEndToEndTest.PUNJAB;
import static chaupal.e2e.ConversationEndToEndTest.onboard;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.graph.FailurePlan;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grievance from the first "hi" to its closing, through the whole node: signed webhooks in, the
 * simulator out, the officials' API over HTTP. The photo's download fails twice before it works.
 */
class GrievanceEndToEndTest {

  private static final String ADMIN_PASSWORD = "e2e-admin-password";
  private static final Pattern CASE_NUMBER = Pattern.compile("[A-Z]{3}-\\d{2}-\\d{6}");
  // The smallest JPEG a phone could send: the start-of-image and JFIF marks the media part checks.
  private static final byte[] PHOTO = Base64.getDecoder().decode(
      "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

  static Database db;
  static TestNode node;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("grievance_e2e");
    node = TestNode.start(db, Map.of("chaupal.console.admin-password", ADMIN_PASSWORD));
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  @Test
  void aCitizenFilesByWritingTheProblemAndAnOfficialResolvesIt() throws Exception {
    Phone phone = new Phone(node, PUNJAB, "919800030001");
    onboard(phone, "en");
    int before = phone.received().size();
    phone.send("paani nahi aa raha");
    phone.awaitMessage(before, m -> Phone.offers(m, "grievance.category:water-sewerage"), "confirm button of the matched category");

    before = phone.received().size();
    phone.tap("grievance.category:water-sewerage");
    phone.awaitMessage(before, m -> "location_request_message".equals(m.interactiveType()), "location request");

    before = phone.received().size();
    send(phone, new PhoneMessage.Location(31.326, 75.576, null, null));
    phone.awaitMessage(before, m -> m.text().contains("Jalandhar"), "the town found from the location");

    node.simulator().failMediaDownloads(FailurePlan.ANYONE, 2);
    before = phone.received().size();
    send(phone, new PhoneMessage.Image(PHOTO, "image/jpeg", ""));
    // The name on the WhatsApp profile is known: no question for it, the summary shows it to edit.
    ReceivedSend summary = phone.awaitMessage(before, m -> Phone.offers(m, "grievance.summary:confirm"), "the summary to confirm");
    assertTrue(summary.text().contains("Citizen 0001"), summary.text());

    before = phone.received().size();
    phone.tap("grievance.summary:confirm");
    ReceivedSend ack = phone.awaitMessage(before, m -> CASE_NUMBER.matcher(m.text()).find(), "the acknowledgement");
    Matcher found = CASE_NUMBER.matcher(ack.text());
    assertTrue(found.find());
    String number = found.group();
    assertTrue(number.startsWith("JAL-"), "the number names Jalandhar: " + number);

    String token = login();
    JsonNode detail = awaitCase(token, number);
    assertEquals("pb.jalandhar", detail.path("ulb").asText());
    assertEquals("water-sewerage", detail.path("department").asText());
    assertEquals("NoWaterSupply", detail.path("sub_type").asText());

    // The photo arrives once its download worked on the third try.
    String attachment = get(token, "/api/v1/cases/" + number).path("attachments").get(0).path("id").asText();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> send(token, "GET", "/api/v1/cases/" + number + "/attachments/" + attachment, null).statusCode() == 200);
    HttpResponse<byte[]> photo = http.send(request(token, "GET", "/api/v1/cases/" + number + "/attachments/" + attachment, null),
        HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(PHOTO, photo.body());

    // The officer asks; the citizen's next words land on the case.
    before = phone.received().size();
    HttpResponse<String> asked = send(token, "POST", "/api/v1/cases/" + number + "/ask", "{\"question\":\"Which street is it?\"}");
    assertEquals(200, asked.statusCode(), asked.body());
    phone.awaitMessage(before, m -> m.text().contains("Which street is it?"), "the officer's question");
    before = phone.received().size();
    phone.send("Gali number 4, behind the temple");
    phone.awaitMessage(before, m -> m.text().contains(number), "the thanks for the answer");
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
        get(token, "/api/v1/cases/" + number).path("messages").toString().contains("Gali number 4, behind the temple"));

    before = phone.received().size();
    HttpResponse<String> resolved = send(token, "POST", "/api/v1/cases/" + number + "/resolve", "{\"note\":\"New pipe laid\"}");
    assertEquals(200, resolved.statusCode(), resolved.body());
    ReceivedSend notice = phone.awaitMessage(before, m -> Phone.offers(m, "case:" + number + ":yes"), "the resolution notice");
    assertTrue(notice.text().contains("New pipe laid"), notice.text());
    HttpResponse<String> again = send(token, "POST", "/api/v1/cases/" + number + "/resolve", "{\"note\":\"twice\"}");
    assertEquals(409, again.statusCode(), again.body());

    before = phone.received().size();
    phone.tap("case:" + number + ":yes");
    phone.awaitMessage(before, m -> Phone.offers(m, "feedback.rating:4"), "the rating list");
    before = phone.received().size();
    phone.tap("feedback.rating:4");
    phone.awaitMessage(before, m -> m.text().contains("closed"), "the thanks for the rating");
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> get(token, "/api/v1/cases/" + number).path("view").path("status").asText().equals("closed-resolved"));
    assertEquals(4, get(token, "/api/v1/cases/" + number).path("view").path("rating").asInt());
  }

  private static void send(Phone phone, PhoneMessage message) throws Exception {
    assertEquals(200, node.simulator().sendAsCitizen(phone.channel, phone.citizen, message).toCompletableFuture()
        .get(30, TimeUnit.SECONDS));
  }

  private static String login() throws Exception {
    HttpResponse<String> r = send(null, "POST", "/api/v1/login",
        "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    assertEquals(200, r.statusCode(), r.body());
    return json.readTree(r.body()).path("token").asText();
  }

  /** The case as the API lists it, once it is there: within 2 s of the event, the bar. */
  private static JsonNode awaitCase(String token, String number) {
    return Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          JsonNode list = get(token, "/api/v1/cases?size=100");
          for (JsonNode c : list.path("cases")) if (c.path("number").asText().equals(number)) return c;
          return null;
        }, c -> c != null);
  }

  private static JsonNode get(String token, String path) throws Exception {
    HttpResponse<String> r = send(token, "GET", path, null);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return json.readTree(r.body());
  }

  private static HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    return http.send(request(token, method, path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String token, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(20));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
