package chaupal.simulator;

import static chaupal.simulator.SimulatorHarness.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks the simulator posts: statuses of business messages and messages citizens send, signed and escaped like Meta's. */
class SimulatorWebhooksTest {

  static final ActorTestKit kit = ActorTestKit.create();
  static SimulatorHarness h;

  @BeforeAll
  static void start() {
    h = SimulatorHarness.start(kit.system(), defaults(Duration.ZERO));
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
  void aCitizenStoppingOrResumingMarketingMessagesPostsMetasSignedUserPreferences() throws Exception {
    for (boolean stop : List.of(true, false)) {
      assertEquals(200, h.simulator.setMarketingMessages(CITY.phoneNumberId(), CITIZEN, stop).toCompletableFuture().get(10, TimeUnit.SECONDS));
      SimulatorHarness.Webhook w = h.nextWebhook(x -> x.value().has("user_preferences"));
      assertTrue(WebhookSignature.verify(w.signature(), w.raw(), WebhookSignature.secret(SECRET)), "signed with the app secret");
      chaupal.whatsapp.Change change = chaupal.whatsapp.WebhookParser.parse(w.raw()).changes().get(0);
      assertEquals(CITY.phoneNumberId(), change.phoneNumberId());
      assertEquals(1, change.preferences().size(), w.text());
      assertEquals(CITIZEN, change.preferences().get(0).waId());
      assertEquals(stop, change.preferences().get(0).stop());
    }
  }

  @Test
  void underLoadStatusesOfOneNumberShareWebhooksAndEachMessagesStayInOrder() throws Exception {
    List<String> wamids = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<String>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String body = "{\"messaging_product\":\"whatsapp\",\"to\":\"91980002" + String.format("%04d", i)
          + "\",\"type\":\"text\",\"text\":{\"body\":\"notice " + i + "\"}}";
      sends.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return h.sendOk(CITY.phoneNumberId(), body);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (var send : sends) wamids.add(send.get(10, TimeUnit.SECONDS));
    java.util.Map<String, List<String>> seen = new java.util.HashMap<>();
    int webhooks = 0;
    int statuses = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (statuses < 3 * wamids.size() && System.nanoTime() < deadline) {
      Webhook w = h.pollWebhook(java.time.Duration.ofSeconds(1));
      if (w == null || !w.isStatus()) continue;
      assertTrue(WebhookSignature.verify(w.signature(), w.raw(), WebhookSignature.secret(SECRET)), "signed with the app secret");
      boolean ours = false;
      for (JsonNode status : w.value().path("statuses")) {
        if (!wamids.contains(status.path("id").asText())) continue;
        seen.computeIfAbsent(status.path("id").asText(), k -> new ArrayList<>()).add(status.path("status").asText());
        statuses++;
        ours = true;
      }
      if (ours) webhooks++;
    }
    for (String wamid : wamids) assertEquals(List.of("sent", "delivered", "read"), seen.get(wamid), wamid);
    assertTrue(webhooks < statuses, "forty messages at once: some webhooks carry several statuses (" + webhooks + " for " + statuses + ")");
  }

  @Test
  void statusesArriveSignedEscapedAndInOrder() throws Exception {
    String body = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},"
        + "\"biz_opaque_callback_data\":\"case/42 \u0915\u0947\u0938\"}";
    String wamid = h.sendOk(CITY.phoneNumberId(), body);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Webhook w = h.nextStatus(wamid);
      assertTrue(WebhookSignature.verify(w.signature(), w.raw(), WebhookSignature.secret(SECRET)), "signed with the app secret");
      assertMetaEncoding(w);
      assertTrue(w.text().contains("\"biz_opaque_callback_data\":\"case\\/42 \\u0915\\u0947\\u0938\""), w.text());
      JsonNode value = w.value();
      assertEquals("whatsapp_business_account", w.json().path("object").asText());
      assertEquals(SimulatorSettings.Tuning.DEFAULT.wabaId(), w.json().path("entry").path(0).path("id").asText());
      assertEquals("messages", w.json().path("entry").path(0).path("changes").path(0).path("field").asText());
      assertEquals("919800000100", value.path("metadata").path("display_phone_number").asText());
      assertEquals(CITY.phoneNumberId(), value.path("metadata").path("phone_number_id").asText());
      JsonNode status = value.path("statuses").path(0);
      assertEquals(CITIZEN, status.path("recipient_id").asText());
      assertTrue(status.path("timestamp").isTextual() && status.path("timestamp").asText().matches("[0-9]{10}"));
      order.add(status.path("status").asText());
      if (order.size() == 1) {
        assertEquals("PMP", status.path("pricing").path("pricing_model").asText());
        assertEquals("service", status.path("pricing").path("category").asText());
        assertTrue(status.path("conversation").path("expiration_timestamp").isTextual(), "v23.0 still carries conversation");
      }
    }
    assertEquals(List.of("sent", "delivered", "read"), order);
    assertEquals(DeliveryStatus.READ, h.simulator.statusOf(CITY.phoneNumberId(), CITIZEN, wamid).orElseThrow());
  }

  @Test
  void undeliverableNumbersGetAFailedStatusWith131026() throws Exception {
    h.simulator.markUndeliverable("919800000041", true);
    String wamid = h.sendOk(CITY.phoneNumberId(), text("919800000041", "hello?"));
    JsonNode status = h.nextStatus(wamid).value().path("statuses").path(0);
    assertEquals("failed", status.path("status").asText());
    assertEquals(131026, status.path("errors").path(0).path("code").asInt());
    assertEquals("Message undeliverable", status.path("errors").path(0).path("title").asText());
    assertFalse(status.path("errors").path(0).path("error_data").path("details").asText().isEmpty());
    assertTrue(h.simulator.received(CITY.phoneNumberId(), "919800000041").isEmpty(), "the phone never got it");
    assertEquals(1, h.simulator.accepted(CITY.phoneNumberId(), "919800000041").size());

    assertEquals(200, h.request("POST", "/simulator/control/undeliverable", "{\"to\":\"919800000042\"}", null).statusCode());
    String viaControl = h.sendOk(CITY.phoneNumberId(), text("919800000042", "hello?"));
    assertEquals(131026, h.nextStatus(viaControl).value().path("statuses").path(0).path("errors").path(0).path("code").asInt());
    h.request("POST", "/simulator/control/undeliverable", "{\"to\":\"919800000042\",\"undeliverable\":false}", null);
    String delivered = h.sendOk(CITY.phoneNumberId(), text("919800000042", "now?"));
    assertEquals("sent", h.nextStatus(delivered).value().path("statuses").path(0).path("status").asText());
  }

  @Test
  void statusWebhooksAreRetriedUntilA200() throws Exception {
    String citizen = "919800000077"; // its own number: statuses of earlier tests' sends take no answer meant for it
    h.answerStatusesTo(citizen, 500, 503);
    String wamid = h.sendOk(CITY.phoneNumberId(), text(citizen, "retry me"));
    Webhook first = h.nextStatus(wamid);
    Webhook second = h.nextStatus(wamid);
    Webhook third = h.nextStatus(wamid);
    assertArrayEquals(first.raw(), second.raw(), "a retry repeats the same bytes");
    assertArrayEquals(first.raw(), third.raw());
    assertEquals(first.signature(), third.signature());
    assertEquals("delivered", h.nextStatus(wamid).value().path("statuses").path(0).path("status").asText());
  }

  @Test
  void aCitizenWithAUsernameIsNamedByBusinessScopedIdInBothDirections() throws Exception {
    String bsuid = "IN.7301AbC93";
    assertEquals(200, h.simulator.sendText(CITY.phoneNumberId(), bsuid, "hi").toCompletableFuture().get(10, TimeUnit.SECONDS));
    Webhook hi = h.nextMessageWebhook();
    JsonNode contact = hi.value().path("contacts").path(0);
    assertEquals(bsuid, contact.path("user_id").asText());
    assertFalse(contact.has("wa_id"), "no phone number for a citizen behind a username");
    JsonNode m = hi.value().path("messages").path(0);
    assertEquals(bsuid, m.path("from_user_id").asText());
    assertFalse(m.has("from"), m.toString());
    chaupal.whatsapp.Change parsed = chaupal.whatsapp.WebhookParser.parse(hi.raw()).changes().get(0);
    assertEquals(bsuid, parsed.citizenKey(parsed.messages().get(0)), "Chaupal keys the citizen by that id");

    String wamid = h.sendOk(CITY.phoneNumberId(), "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\","
        + "\"recipient\":\"" + bsuid + "\",\"type\":\"text\",\"text\":{\"body\":\"Namaste\"}}");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode status = h.nextStatus(wamid).value().path("statuses").path(0);
      order.add(status.path("status").asText());
      assertEquals(bsuid, status.path("recipient_user_id").asText());
      assertFalse(status.has("recipient_id"), status.toString());
    }
    assertEquals(List.of("sent", "delivered", "read"), order);
    assertEquals(DeliveryStatus.READ, h.simulator.statusOf(CITY.phoneNumberId(), bsuid, wamid).orElseThrow());
  }

  @Test
  void citizenMessagesOfEveryKindAreShapedLikeMetas() throws Exception {
    assertEquals(200, h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, "Asha \u0926\u0947\u0935\u0940", PhoneMessage.text("caf\u00e9 / \u0928\u092e\u0938\u094d\u0924\u0947 \uD83D\uDC4D"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS));
    Webhook text = h.nextMessageWebhook();
    assertTrue(WebhookSignature.verify(text.signature(), text.raw(), WebhookSignature.secret(SECRET)));
    assertMetaEncoding(text);
    assertTrue(text.text().contains("\"body\":\"caf\\u00e9 \\/ \\u0928\\u092e\\u0938\\u094d\\u0924\\u0947 \\ud83d\\udc4d\""), text.text());
    JsonNode value = text.value();
    assertEquals("Asha \u0926\u0947\u0935\u0940", value.path("contacts").path(0).path("profile").path("name").asText());
    assertEquals(CITIZEN, value.path("contacts").path(0).path("wa_id").asText());
    JsonNode m = value.path("messages").path(0);
    assertEquals(CITIZEN, m.path("from").asText());
    assertTrue(m.path("id").asText().startsWith("wamid."));
    assertTrue(m.path("timestamp").isTextual());
    assertEquals("text", m.path("type").asText());

    String buttons = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":{\"type\":\"button\","
        + "\"body\":{\"text\":\"Pick\"},\"action\":{\"buttons\":[{\"type\":\"reply\",\"reply\":{\"id\":\"yes\",\"title\":\"Yes\"}}]}}}";
    String list = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + CITIZEN + "\",\"type\":\"interactive\",\"interactive\":{\"type\":\"list\","
        + "\"body\":{\"text\":\"Ward?\"},\"action\":{\"button\":\"Wards\",\"sections\":[{\"title\":\"All\",\"rows\":[{\"id\":\"w7\",\"title\":\"Ward 7\",\"description\":\"Old town\"}]}]}}}";
    String buttonWamid = h.sendOk(CITY.phoneNumberId(), buttons);
    String listWamid = h.sendOk(CITY.phoneNumberId(), list);

    assertEquals(200, h.simulator.tap(CITY.phoneNumberId(), CITIZEN, "yes").toCompletableFuture().get(10, TimeUnit.SECONDS));
    m = h.nextMessageWebhook().value().path("messages").path(0);
    assertEquals("interactive", m.path("type").asText());
    assertEquals("button_reply", m.path("interactive").path("type").asText());
    assertEquals("yes", m.path("interactive").path("button_reply").path("id").asText());
    assertEquals("Yes", m.path("interactive").path("button_reply").path("title").asText());
    assertEquals(buttonWamid, m.path("context").path("id").asText());
    assertEquals("919800000100", m.path("context").path("from").asText());

    h.simulator.tap(CITY.phoneNumberId(), CITIZEN, "w7").toCompletableFuture().get(10, TimeUnit.SECONDS);
    m = h.nextMessageWebhook().value().path("messages").path(0);
    assertEquals("list_reply", m.path("interactive").path("type").asText());
    assertEquals("Ward 7", m.path("interactive").path("list_reply").path("title").asText());
    assertEquals("Old town", m.path("interactive").path("list_reply").path("description").asText());
    assertEquals(listWamid, m.path("context").path("id").asText());

    h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, new PhoneMessage.Location(28.6139, 77.209, "Ward office", ""))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    m = h.nextMessageWebhook().value().path("messages").path(0);
    assertEquals("location", m.path("type").asText());
    assertTrue(m.path("location").path("latitude").isNumber());
    assertEquals(77.209, m.path("location").path("longitude").asDouble());
    assertEquals("Ward office", m.path("location").path("name").asText());
    assertFalse(m.path("location").has("address"));

    byte[] photo = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
    h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, PhoneMessage.image(photo, "image/png", "pothole"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    Webhook imageHook = h.nextMessageWebhook();
    assertTrue(imageHook.text().contains("\"mime_type\":\"image\\/png\""), "slashes escaped");
    JsonNode image = imageHook.value().path("messages").path(0).path("image");
    assertEquals("pothole", image.path("caption").asText());
    assertEquals("image/png", image.path("mime_type").asText());
    assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(photo)), image.path("sha256").asText());
    assertTrue(image.path("id").asText().matches("[0-9]{16,19}"));
    assertTrue(image.path("url").asText().startsWith(h.base + "/simulator/whatsapp_business/attachments/?mid=" + image.path("id").asText()));
    assertArrayEquals(photo, h.getBytes(image.path("url").asText(), "Bearer " + TOKEN).body());

    h.simulator.sendAsCitizen(CITY.phoneNumberId(), CITIZEN, new PhoneMessage.TemplateButton(buttonWamid, "STOP", "Stop updates"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    m = h.nextMessageWebhook().value().path("messages").path(0);
    assertEquals("button", m.path("type").asText());
    assertEquals("STOP", m.path("button").path("payload").asText());
  }

  @Test
  void aCitizenWebhookAnsweredWithAnErrorReportsItsStatus() throws Exception {
    h.messageAnswers.add(503);
    assertEquals(503, h.simulator.sendText(CITY.phoneNumberId(), CITIZEN, "is anyone there").toCompletableFuture().get(10, TimeUnit.SECONDS));
    SignedWebhook replay = h.simulator.citizenWebhook(CITY.phoneNumberId(), CITIZEN, PhoneMessage.text("again"));
    assertEquals(200, h.simulator.post(replay).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(200, h.simulator.post(replay).toCompletableFuture().get(10, TimeUnit.SECONDS));
    h.nextMessageWebhook();
    Webhook first = h.nextMessageWebhook();
    Webhook second = h.nextMessageWebhook();
    assertArrayEquals(first.raw(), second.raw());
    assertEquals(replay.wamid(), first.value().path("messages").path(0).path("id").asText());
  }

  @Test
  void awaitReceivedCompletesWhenTheMessagesArrive() throws Exception {
    var waiting = h.simulator.awaitReceived(CITY.phoneNumberId(), "919800000051", 2, Duration.ofSeconds(10)).toCompletableFuture();
    h.sendOk(CITY.phoneNumberId(), text("919800000051", "one"));
    assertFalse(waiting.isDone());
    h.sendOk(CITY.phoneNumberId(), text("919800000051", "two"));
    assertEquals(List.of("one", "two"), waiting.get(10, TimeUnit.SECONDS).stream().map(ReceivedSend::text).toList());
    var never = h.simulator.awaitReceived(CITY.phoneNumberId(), "919800000052", 1, Duration.ofMillis(50)).toCompletableFuture();
    assertThrows(java.util.concurrent.ExecutionException.class, () -> never.get(10, TimeUnit.SECONDS));
  }

  /** Compact, ASCII only, non-ASCII as lowercase \\u escapes and / as \\/ (reference §2). */
  static void assertMetaEncoding(Webhook w) {
    for (byte b : w.raw()) assertTrue(b >= 0x20 && b < 0x7f, "ASCII only");
    String s = w.text();
    assertFalse(s.contains(": ") || s.contains(", ") || s.contains("\n"), "compact");
    assertFalse(s.matches("(?s).*\\\\u[0-9a-f]{0,3}[A-F].*"), "lowercase hex in escapes");
    assertFalse(s.matches("(?s).*[^\\\\]/.*"), "every / escaped");
  }
}
