package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

  private static final String WAMID_IN = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
  private static final String WAMID_IN_2 = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=";
  private static final String LISTED_MESSAGE = "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=";
  private static final String MEDIA_URL = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...";

  static byte[] fixture(String name) {
    try (InputStream in = WebhookParserTest.class.getResourceAsStream("/whatsapp/" + name + ".json")) {
      assertNotNull(in, name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Change onlyChange(String name) throws MalformedWebhookException {
    WebhookPayload payload = WebhookParser.parse(fixture(name));
    assertEquals("whatsapp_business_account", payload.object());
    assertEquals(1, payload.changes().size());
    return payload.changes().get(0);
  }

  /** The one message of a Meta sample, after checking the envelope every sample shares. */
  private static InboundMessage sampleMessage(String name) throws MalformedWebhookException {
    Change change = onlyChange(name);
    assertEquals("102290129340398", change.wabaId());
    assertEquals("messages", change.field());
    assertEquals("106540352242922", change.phoneNumberId());
    assertEquals("15550783881", change.displayPhoneNumber());
    assertEquals(List.of(new Contact("16505551234", null, "Sheena Nelson")), change.contacts());
    assertEquals(List.of(), change.statuses());
    assertEquals(List.of(), change.errors());
    assertEquals(1, change.messages().size());
    InboundMessage m = change.messages().get(0);
    assertEquals("16505551234", m.from());
    assertNull(m.fromUserId());
    assertEquals("16505551234", change.citizenKey(m));
    return m;
  }

  @Test
  void text() throws Exception {
    InboundMessage m = sampleMessage("text");
    assertEquals(WAMID_IN, m.wamid());
    assertEquals(Instant.ofEpochSecond(1749416383), m.timestamp());
    assertEquals("text", m.type());
    assertEquals(new MessageContent.Text("Does it come in another color?"), m.content());
    assertNull(m.contextWamid());
    assertNull(m.referral());
    assertEquals(List.of(), m.errors());
  }

  @Test
  void textFromAnAd() throws Exception {
    InboundMessage m = sampleMessage("text-referral");
    assertEquals("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=", m.wamid());
    assertEquals(Instant.ofEpochSecond(1750275992), m.timestamp());
    assertEquals(new MessageContent.Text("Can I get more info about this?"), m.content());
    assertEquals(
        new Referral(
            "ad",
            "120226305854810726",
            "https://fb.me/3cr4Wqqkv",
            "Chat with us",
            "Summer Succulents are here!",
            "Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50"),
        m.referral());
  }

  @Test
  void buttonReply() throws Exception {
    InboundMessage m = sampleMessage("button-reply");
    assertEquals("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=", m.wamid());
    assertEquals(Instant.ofEpochSecond(1750025136), m.timestamp());
    assertEquals("interactive", m.type());
    assertEquals(new MessageContent.ButtonReply("cancel-button", "Cancel"), m.content());
    assertEquals("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA", m.contextWamid());
  }

  @Test
  void listReply() throws Exception {
    InboundMessage m = sampleMessage("list-reply");
    assertEquals(WAMID_IN_2, m.wamid());
    assertEquals(Instant.ofEpochSecond(1749854575), m.timestamp());
    assertEquals(new MessageContent.ListReply("priority_express", "Priority Mail Express", "Next Day to 2 Days"), m.content());
    assertEquals("wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=", m.contextWamid());
  }

  @Test
  void flowReply() throws Exception {
    Change change = onlyChange("flow-reply");
    assertEquals("1234567890987654321", change.wabaId());
    assertEquals("1122334455667", change.phoneNumberId());
    assertEquals("972123456789", change.displayPhoneNumber());
    assertEquals(List.of(new Contact("972987654321", "US.13491208655302741918", "Test Name")), change.contacts());
    InboundMessage m = change.messages().get(0);
    assertEquals("wamid.wegrchytvwcggt==", m.wamid());
    assertEquals("972987654321", m.from());
    assertEquals(Instant.ofEpochSecond(1702502473), m.timestamp());
    assertEquals("wamid.gvwegfretge==", m.contextWamid());
    assertEquals(
        new MessageContent.FlowReply(
            "flow",
            "Sent",
            "{\"comment_text\":\"Comment Text\",\"delivery_rating\":\"4\",\"flow_token\":\"AQAAAAACS5FpgQ_cAAAAAD0QI3s.\",\"purchase_rating\":\"2\",\"recommend_radio\":\"0\",\"cs_rating\":\"0\"}"),
        m.content());
  }

  @Test
  void templateButton() throws Exception {
    InboundMessage m = sampleMessage("template-button");
    assertEquals("button", m.type());
    assertEquals(Instant.ofEpochSecond(1750091045), m.timestamp());
    assertEquals(new MessageContent.TemplateButton("Unsubscribe", "Unsubscribe"), m.content());
    assertEquals(LISTED_MESSAGE, m.contextWamid());
  }

  @Test
  void image() throws Exception {
    InboundMessage m = sampleMessage("image");
    assertEquals(Instant.ofEpochSecond(1744344496), m.timestamp());
    assertEquals(
        new MessageContent.Media("image", "1003383421387256", "image/jpeg",
            "SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=", MEDIA_URL, "Taj Mahal", null, false, false),
        m.content());
  }

  @Test
  void document() throws Exception {
    assertEquals(
        new MessageContent.Media("document", "622684793477189", "application/pdf",
            "V5OPpLD/gEG6Xjg0MbmQDLFgcKsL+j5LfY4ny/pZ4MY=", MEDIA_URL, "my receipt", "receipt.pdf", false, false),
        sampleMessage("document").content());
  }

  @Test
  void voiceNote() throws Exception {
    assertEquals(
        new MessageContent.Media("audio", "1908647269898587", "audio/ogg; codecs=opus",
            "wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=", MEDIA_URL, null, null, true, false),
        sampleMessage("audio").content());
  }

  @Test
  void video() throws Exception {
    assertEquals(
        new MessageContent.Media("video", "731675419373506", "video/mp4",
            "vdGU5X4caz12KwFgYwpljlUNqMt1YnkH+5GkPc3mMnc=", MEDIA_URL, "Timelapse of growth", null, false, false),
        sampleMessage("video").content());
  }

  @Test
  void sticker() throws Exception {
    assertEquals(
        new MessageContent.Media("sticker", "1908647269898587", "image/webp",
            "wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=", MEDIA_URL, null, null, false, true),
        sampleMessage("sticker").content());
  }

  @Test
  void location() throws Exception {
    InboundMessage m = sampleMessage("location");
    assertEquals("location", m.type());
    assertEquals(
        new MessageContent.Location(37.44221496582, -122.16165924072, "Philz Coffee",
            "101 Forest Ave, Palo Alto, CA 94301", "https://philzcoffee.com/"),
        m.content());
  }

  @Test
  void sharedContacts() throws Exception {
    assertEquals(
        new MessageContent.Contacts(List.of(new MessageContent.SharedContact("Barbara J. Johnson", List.of("+1 (415) 555-0829")))),
        sampleMessage("contacts").content());
  }

  @Test
  void reactionAndItsRemoval() throws Exception {
    InboundMessage added = sampleMessage("reaction");
    assertEquals(Instant.ofEpochSecond(1749419544), added.timestamp());
    assertEquals(new MessageContent.Reaction(LISTED_MESSAGE, "\uD83D\uDC4D"), added.content());
    InboundMessage removed = sampleMessage("reaction-removed");
    assertEquals(new MessageContent.Reaction(LISTED_MESSAGE, null), removed.content());
  }

  @Test
  void emptyEmojiIsARemovalToo() throws Exception {
    String body = new String(fixture("reaction"), java.nio.charset.StandardCharsets.UTF_8).replace("\uD83D\uDC4D", "");
    InboundMessage m = WebhookParser.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).changes().get(0).messages().get(0);
    assertEquals(new MessageContent.Reaction(LISTED_MESSAGE, null), m.content());
  }

  @Test
  void unsupported() throws Exception {
    InboundMessage m = sampleMessage("unsupported");
    assertEquals(Instant.ofEpochSecond(1750090702), m.timestamp());
    assertEquals(new MessageContent.Unsupported("edit", 131051), m.content());
    assertEquals(
        List.of(new ApiError(131051, "Message type unknown", "Message type unknown", "Message type is currently not supported.")),
        m.errors());
  }

  @Test
  void systemChangeOfNumber() throws Exception {
    Change change = onlyChange("system");
    assertEquals(List.of(), change.contacts());
    InboundMessage m = change.messages().get(0);
    assertEquals("wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==", m.wamid());
    assertEquals("16505551234", change.citizenKey(m));
    assertEquals(
        new MessageContent.System("user_changed_number", "User Sheena Nelson changed from 16505551234 to 12195555358", "12195555358"),
        m.content());
  }

  @Test
  void order() throws Exception {
    assertEquals(new MessageContent.Order("194836987003835", "Love these!", 2), sampleMessage("order").content());
  }

  @Test
  void valueLevelErrors() throws Exception {
    Change change = onlyChange("value-errors");
    assertEquals("106540352242922", change.phoneNumberId());
    assertEquals(List.of(), change.messages());
    assertEquals(List.of(), change.statuses());
    assertEquals(
        List.of(new ApiError(130429, "Rate limit hit", "Rate limit hit",
            "Message failed to send because there were too many messages sent from this phone number in a short period of time")),
        change.errors());
  }

  private static StatusUpdate onlyStatus(String name) throws MalformedWebhookException {
    Change change = onlyChange(name);
    assertEquals(List.of(), change.messages());
    assertEquals(1, change.statuses().size());
    return change.statuses().get(0);
  }

  @Test
  void statusSent() throws Exception {
    for (String name : List.of("status-sent", "status-sent-v24")) {
      assertEquals(
          new StatusUpdate(WAMID_IN_2, DeliveryStatus.SENT, Instant.ofEpochSecond(1750030073), "16505551234", null, List.of(), null),
          onlyStatus(name), name);
    }
  }

  @Test
  void statusDelivered() throws Exception {
    assertEquals(
        new StatusUpdate("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA", DeliveryStatus.DELIVERED,
            Instant.ofEpochSecond(1750263773), "16505551234", null, List.of(), null),
        onlyStatus("status-delivered"));
  }

  @Test
  void statusReadWithContacts() throws Exception {
    Change change = onlyChange("status-read");
    assertEquals(List.of(new Contact("972987654321", "US.13491208655302741918", "Test Name")), change.contacts());
    assertEquals(
        new StatusUpdate("wamid.xyzxyz", DeliveryStatus.READ, Instant.ofEpochSecond(1689380458), "972987654321", null, List.of(), null),
        change.statuses().get(0));
  }

  @Test
  void statusFailed() throws Exception {
    StatusUpdate marketing = onlyStatus("status-failed-131049");
    assertEquals(DeliveryStatus.FAILED, marketing.status());
    assertEquals("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA", marketing.wamid());
    assertEquals(Instant.ofEpochSecond(1751142888), marketing.timestamp());
    assertEquals("16505551234", marketing.recipientId());
    String title = "This message was not delivered to maintain healthy ecosystem engagement.";
    assertEquals(
        List.of(new ApiError(131049, title, title,
            "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.")),
        marketing.errors());

    StatusUpdate window = onlyStatus("status-failed-131047");
    assertEquals(
        new StatusUpdate("wamid.HBgNN5NzAzMDkTUyNzkzNhUEjA1MjUwNCAUIyNEYUQ0OTVGNTY0MwA=", DeliveryStatus.FAILED,
            Instant.ofEpochSecond(1682651887), "5511111111111", null,
            List.of(new ApiError(131047, "Re-engagement message", "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")),
            null),
        window);
    assertTrue(ErrorCodes.needsTemplate(window.errors().get(0).code()));

    StatusUpdate media = onlyStatus("status-failed-131053");
    assertEquals(Instant.ofEpochSecond(1677783372), media.timestamp());
    assertEquals("1111111111111", media.recipientId());
    assertEquals(
        List.of(new ApiError(131053, "Media upload error", "Media upload error",
            "Unsupported Video mime type text/html. Please use one of video/3gpp, video/mp4.")),
        media.errors());
  }

  @Test
  void real2026BodyWithBusinessScopedIdsAndEscapes() throws Exception {
    Change change = onlyChange("image-2026-bsuid");
    assertEquals("952399544271620", change.wabaId());
    assertEquals("1025723653965602", change.phoneNumberId());
    assertEquals("15556393799", change.displayPhoneNumber());
    assertEquals(List.of(new Contact("51900000001", "PE.100000000000001", "Test Citizen")), change.contacts());
    InboundMessage m = change.messages().get(0);
    assertEquals("wamid.HBgLNTE5MDAwMDAwMDEVAgASGCBBQ0Y5NUJBQkZDRkJDM0NCMjdCNDk4MDQwRjhFRkJGNgA=", m.wamid());
    assertEquals("51900000001", m.from());
    assertEquals("PE.100000000000001", m.fromUserId());
    assertEquals(Instant.ofEpochSecond(1778766865), m.timestamp());
    assertEquals(
        new MessageContent.Media("image", "27251809591111687", "image/jpeg",
            "HCaHabZ6gVq4V/SPmMzBTWkoEUI8NgjfVshSveeWM3c=",
            "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=27251809591111687&source=webhook&ext=1778767167&hash=ARfakeHash0000000000000000000000000000000000000",
            "Hola quiero un café", null, false, false),
        m.content());
    assertEquals("51900000001", change.citizenKey(m));
  }

  @Test
  void messageWithOnlyABusinessScopedId() throws Exception {
    Change change = onlyChange("bsuid-only");
    assertEquals(List.of(new Contact(null, "IN.100000000000000000001", "Test Citizen")), change.contacts());
    InboundMessage m = change.messages().get(0);
    assertNull(m.from());
    assertEquals("IN.100000000000000000001", m.fromUserId());
    assertEquals(new MessageContent.Text("नमस्ते"), m.content());
    assertEquals("IN.100000000000000000001", change.citizenKey(m));
  }

  @Test
  void citizenKeyPrefersAPhoneNumber() {
    InboundMessage byUserId = new InboundMessage("wamid.A", null, "IN.1002", Instant.EPOCH, "text",
        new MessageContent.Text("x"), null, List.of(), null);
    List<Contact> two = List.of(new Contact("919800000001", "IN.1001", null), new Contact("919800000002", "IN.1002", null));
    assertEquals("919800000002", byUserId.citizenKey(two));
    assertEquals("IN.1002", byUserId.citizenKey(List.of()));
    InboundMessage nobody = new InboundMessage("wamid.B", null, null, Instant.EPOCH, "text",
        new MessageContent.Text("x"), null, List.of(), null);
    assertEquals("919800000001", nobody.citizenKey(List.of(new Contact("919800000001", "IN.1001", null))));
    assertEquals("IN.1001", nobody.citizenKey(List.of(new Contact(null, "IN.1001", null))));
    assertNull(nobody.citizenKey(two));
  }

  @Test
  void severalEntriesChangesMessagesAndStatuses() throws Exception {
    WebhookPayload payload = WebhookParser.parse(fixture("several"));
    assertEquals(4, payload.changes().size());

    Change first = payload.changes().get(0);
    assertEquals("102290129340398", first.wabaId());
    assertEquals(List.of("wamid.ONE", "wamid.TWO"), first.messages().stream().map(InboundMessage::wamid).toList());
    assertEquals("919800000001", first.citizenKey(first.messages().get(0)));
    assertEquals("919800000002", first.citizenKey(first.messages().get(1)));
    assertEquals(new MessageContent.Text("second"), first.messages().get(1).content());

    Change second = payload.changes().get(1);
    assertEquals("106540352242923", second.phoneNumberId());
    assertEquals(
        List.of(
            new StatusUpdate("wamid.OUT1", DeliveryStatus.DELIVERED, Instant.ofEpochSecond(1750000003), "919800000003", null, List.of(), null),
            new StatusUpdate("wamid.OUT2", DeliveryStatus.PLAYED, Instant.ofEpochSecond(1750000004), "919800000004", null, List.of(), "case-42")),
        second.statuses());

    Change account = payload.changes().get(2);
    assertEquals(
        new Change("102290129340399", "account_update", null, null, List.of(), List.of(), List.of(), List.of()), account);

    Change reordered = payload.changes().get(3);
    assertEquals("106540352242922", reordered.phoneNumberId());
    assertEquals(DeliveryStatus.SENT, reordered.statuses().get(0).status());
    assertEquals("wamid.OUT3", reordered.statuses().get(0).wamid());
  }

  @Test
  void unknownTypesAreKeptNotRefused() throws Exception {
    String body = new String(fixture("text"), java.nio.charset.StandardCharsets.US_ASCII)
        .replace("\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}",
            "\"type\":\"request_welcome\",\"extra\":[1,{\"a\":null}]");
    InboundMessage m = WebhookParser.parse(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).changes().get(0).messages().get(0);
    assertEquals("request_welcome", m.type());
    assertEquals(new MessageContent.Unknown("request_welcome"), m.content());

    String interactive = new String(fixture("button-reply"), java.nio.charset.StandardCharsets.US_ASCII)
        .replace("\"type\":\"button_reply\",\"button_reply\"", "\"type\":\"call_permission_reply\",\"call_permission_reply\"");
    assertEquals(new MessageContent.Unknown("interactive.call_permission_reply"),
        WebhookParser.parse(interactive.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).changes().get(0).messages().get(0).content());
  }
}
