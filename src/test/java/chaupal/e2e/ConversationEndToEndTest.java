package chaupal.e2e;

import static chaupal.e2e.Phone.offers;
import static org.junit.jupiter.api.Assertions.*;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.platform.TestNode;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.whatsapp.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed webhooks in, as Meta sends them; the simulator out; assertions on what the citizen receives. */
class ConversationEndToEndTest {

  static final String PUNJAB = "100000000000001";
  static final String GARIABAND = "100000000000002";
  static final String SAGAR = "100000000000004";

  static Database db;
  static TestNode node;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("conversation_e2e");
    node = TestNode.start(db);
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  /** Greets, waits for the language buttons, picks {@code language}, waits for the menu; returns the message count. */
  static int onboard(Phone phone, String language) {
    phone.send("hi");
    phone.awaitMessage(0, m -> offers(m, "language:" + language), "language choice");
    int before = phone.received().size();
    phone.tap("language:" + language);
    phone.awaitMessage(before, m -> m.interactiveType().equals("list"), "main menu");
    return phone.received().size();
  }

  @Test
  void aNewCitizenGetsThePrivacyNoticeAndLanguageButtonsThenTheMenuInTheirLanguage() {
    Phone phone = new Phone(node, PUNJAB, "919800000101");
    phone.send("Sat Sri Akal");
    ReceivedSend choice = phone.awaitMessage(0, m -> offers(m, "language:pa"), "language choice");
    assertEquals("button", choice.interactiveType());
    assertEquals(List.of("language:en", "language:hi", "language:pa"), choice.choices().stream().map(ReceivedSend.Choice::id).sorted().toList());
    String firstWords = String.join("\n", phone.received().stream().map(ReceivedSend::text).toList()).toLowerCase();
    assertTrue(firstWords.contains("privacy") || firstWords.contains("data"), "privacy notice first: " + firstWords);

    int before = phone.received().size();
    phone.tap("language:pa");
    ReceivedSend menu = phone.awaitMessage(before, m -> m.interactiveType().equals("list"), "main menu");
    assertEquals("pa", Scripts.languageOf(menu.text() + menu.choices()), "menu in Punjabi: " + menu.text());
    assertFalse(menu.choices().isEmpty());
  }

  @Test
  void aCitizenWhoHidesTheirNumberBehindAUsernameIsAnsweredThroughTheirBusinessScopedId() {
    Phone phone = new Phone(node, SAGAR, "IN.7301HiddenNumber42");
    int n = onboard(phone, "hi");
    ReceivedSend menu = phone.received().get(n - 1);
    assertEquals("hi", Scripts.languageOf(menu.text() + menu.choices()), "menu in Hindi: " + menu.text());
    for (ReceivedSend m : phone.received()) {
      assertEquals("IN.7301HiddenNumber42", m.body().path("recipient").asText(), "sent to the id Meta gave: " + m.body());
      assertFalse(m.body().has("to"), "no phone number invented: " + m.body());
    }
  }

  @Test
  void typingALanguageNameSwitchesAndUnknownInputGetsHelpAndTheMenu() {
    Phone phone = new Phone(node, GARIABAND, "919800000102");
    int n = onboard(phone, "hi");
    phone.send("english");
    ReceivedSend english = phone.awaitMessage(n, m -> m.interactiveType().equals("list"), "menu in English");
    assertEquals("en", Scripts.languageOf(english.text()));

    n = phone.received().size();
    phone.send("qwzx plmk");
    List<ReceivedSend> answer = new ArrayList<>();
    answer.add(phone.awaitMessage(n, m -> m.interactiveType().equals("list"), "menu after unknown input"));
    assertTrue(phone.received().subList(n, phone.received().size()).stream().anyMatch(m -> !m.text().isBlank()),
        "a helpful answer, never silence");

    n = phone.received().size();
    assertEquals(200, join(phone.simulator.sendAsCitizen(GARIABAND, phone.citizen,
        new PhoneMessage.Location(21.0, 82.0, "Ward 4", "Near the bus stand"))));
    phone.awaitMessage(n, m -> m.interactiveType().equals("list"), "menu after a location");

    n = phone.received().size();
    assertEquals(200, join(phone.simulator.sendAsCitizen(GARIABAND, phone.citizen,
        new PhoneMessage.Image(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, "image/jpeg", "pothole"))));
    phone.awaitMessage(n, m -> m.interactiveType().equals("list"), "menu after a photo");
  }

  @Test
  void aWebhookDeliveredThreeTimesAtOnceIsHandledOnce() throws Exception {
    Phone phone = new Phone(node, SAGAR, "919800000103");
    SignedWebhook hi = phone.simulator.citizenWebhook(SAGAR, phone.citizen, new PhoneMessage.Text("hi"));
    List<CompletableFuture<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < 3; i++) posts.add(phone.simulator.post(hi).toCompletableFuture());
    for (CompletableFuture<Integer> p : posts) assertEquals(200, p.get(30, TimeUnit.SECONDS));
    phone.awaitMessage(0, m -> offers(m, "language:hi"), "language choice");
    int n = phone.received().size();
    // A later message: its replies come after anything the duplicates could have caused.
    phone.tap("language:en");
    phone.awaitMessage(n, m -> m.interactiveType().equals("list"), "main menu");
    assertEquals(1, phone.received().stream().filter(m -> offers(m, "language:hi")).count(),
        "one language choice only: " + Phone.texts(phone.received()));
    assertEquals(200, join(phone.simulator.post(hi)), "a late repeat is still acknowledged");
  }

  @Test
  void oneCitizensRepliesFollowTheOrderOfTheirMessages() {
    Phone phone = new Phone(node, PUNJAB, "919800000104");
    int n = onboard(phone, "en");
    List<String> asked = List.of("hindi", "english", "punjabi", "hindi", "english", "punjabi", "english");
    for (String language : asked) phone.send(language);
    List<String> got = new ArrayList<>();
    int cursor = n;
    for (int i = 0; i < asked.size(); i++) {
      ReceivedSend menu = phone.awaitMessage(cursor, m -> m.interactiveType().equals("list"), "menu " + (i + 1));
      got.add(Scripts.languageOf(menu.text()));
      cursor = phone.received().indexOf(menu) + 1;
    }
    assertEquals(List.of("hi", "en", "pa", "hi", "en", "pa", "en"), got);
  }

  @Test
  void aWebhookForAnUnknownNumberIsKeptAndAcknowledged() throws Exception {
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000099\",\"phone_number_id\":\"999999999999999\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Test\"},\"wa_id\":\"919800000105\"}],"
        + "\"messages\":[{\"from\":\"919800000105\",\"id\":\"wamid.UNROUTABLE1\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]},"
        + "\"field\":\"messages\"}]}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url("/webhooks/whatsapp")))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(bytes, WebhookSignature.secret(TestNode.APP_SECRET)))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM unroutable_webhook WHERE phone_number_id = '999999999999999'")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
    assertTrue(node.node.metrics().scrape().contains("chaupal_webhook_unroutable_total 1.0"), "counted in metrics");
  }

  private static int join(java.util.concurrent.CompletionStage<Integer> s) {
    try {
      return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
