package chaupal.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

// Jackson comes with Gatling; it only reads here, the bodies are written by WebhookBody.
class WebhookBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void signatureMatchesTheReferenceVectors() {
    HubSignature signature = new HubSignature("test_app_secret");
    assertEquals("sha256=8617483efedd467537bf189e613f108712eb97469d587c462cb70bdeecc56c3c",
        signature.sign("{\"k\":\"caf\\u00e9\"}".getBytes(StandardCharsets.US_ASCII)));
    String officialTextSample = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
        + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
        + "\"15550783881\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":"
        + "\"Sheena Nelson\"},\"wa_id\":\"16505551234\"}],\"messages\":[{\"from\":\"16505551234\",\"id\":"
        + "\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=\",\"timestamp\":\"1749416383\","
        + "\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color?\"}}]},\"field\":\"messages\"}]}]}";
    assertEquals("sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42",
        signature.sign(officialTextSample.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void quotesLikeMeta() {
    assertEquals("\"caf\\u00e9 12\\/B \\\"x\\\" \\ud83d\\udc4d\\n\"", WebhookBody.quote("café 12/B \"x\" 👍\n"));
  }

  @Test
  void textMessageHasMetasShapeAndRoutesToTheCitizensChannel() throws Exception {
    Citizen citizen = Citizen.of(42);
    byte[] body = WebhookTraffic.hi(citizen);
    JsonNode value = JSON.readTree(body).path("entry").path(0).path("changes").path(0).path("value");

    assertEquals("whatsapp_business_account", JSON.readTree(body).path("object").asText());
    assertEquals(citizen.channel().phoneNumberId(), value.path("metadata").path("phone_number_id").asText());
    assertEquals("919800000042", value.path("contacts").path(0).path("wa_id").asText());
    JsonNode message = value.path("messages").path(0);
    assertEquals("919800000042", message.path("from").asText());
    assertTrue(message.path("id").asText().startsWith("wamid."));
    assertTrue(message.path("timestamp").isTextual());
    assertEquals("text", message.path("type").asText());
    assertEquals("hi", message.path("text").path("body").asText());
  }

  @Test
  void languageTapIsAButtonReplyWithContextAndEscapedTitle() throws Exception {
    Citizen citizen = Citizen.of(5); // channel 0 (en/hi/pa), second language: Hindi
    byte[] body = WebhookTraffic.languageChoice(citizen);
    String wire = new String(body, StandardCharsets.US_ASCII);
    JsonNode message = JSON.readTree(body).path("entry").path(0).path("changes").path(0).path("value")
        .path("messages").path(0);

    assertEquals("interactive", message.path("type").asText());
    assertEquals("button_reply", message.path("interactive").path("type").asText());
    assertEquals("language:hi", message.path("interactive").path("button_reply").path("id").asText());
    assertEquals("हिन्दी", message.path("interactive").path("button_reply").path("title").asText());
    assertEquals("910000000001", message.path("context").path("from").asText());
    assertTrue(wire.contains("\\u0939\\u093f"), wire);
  }

  @Test
  void theMessagesOwnWamidIsReadNotTheOneItRepliesTo() {
    Citizen citizen = Citizen.of(5);
    String own = Wamids.inbound(citizen.waId());
    String repliedTo = Wamids.outbound(citizen.waId());
    byte[] tap = WebhookBody.buttonReply(citizen, own, repliedTo, 1_700_000_000L, "language:hi", "हिन्दी");
    assertEquals(own, WebhookBody.wamidOf(tap));
  }

  @Test
  void everyBodyIsAsciiAndUnique() {
    Citizen citizen = Citizen.of(7);
    byte[] first = WebhookTraffic.complaint(2).compose(citizen);
    byte[] second = WebhookTraffic.complaint(2).compose(citizen);
    for (byte b : first) {
      assertTrue(b >= 0x20 && b < 0x7f, "non-ASCII byte " + b);
    }
    assertNotEquals(new String(first, StandardCharsets.US_ASCII), new String(second, StandardCharsets.US_ASCII));
  }

  @Test
  void citizensStayInTheFakeRangeAndSpreadOverTheChannels() {
    assertEquals("919800000000", Citizen.of(0).waId());
    assertEquals("919809999999", Citizen.of(Citizen.MAX_NUMBER).waId());
    assertThrows(IllegalArgumentException.class, () -> Citizen.of(Citizen.MAX_NUMBER + 1));
    for (int i = 0; i < Channel.ALL.size(); i++) {
      assertEquals(Channel.ALL.get(i), Citizen.of(i).channel());
    }
  }

  private static JsonNode message(byte[] body) throws Exception {
    return JSON.readTree(body).path("entry").path(0).path("changes").path(0).path("value").path("messages").path(0);
  }

  @Test
  void locationPinHasNumericCoordinatesLikeMetasSample() throws Exception {
    Citizen citizen = Citizen.of(2_000_000, Channel.ALL.get(0), Language.EN);
    byte[] body = WebhookBody.location(citizen, "wamid.L", 1_700_000_000L, 31.326, 75.576, "Near Jyoti Chowk", "Jalandhar, Punjab");
    JsonNode message = message(body);

    assertEquals("location", message.path("type").asText());
    assertTrue(message.path("location").path("latitude").isNumber());
    assertEquals(31.326, message.path("location").path("latitude").asDouble());
    assertEquals(75.576, message.path("location").path("longitude").asDouble());
    assertEquals("Near Jyoti Chowk", message.path("location").path("name").asText());
    assertEquals("Jalandhar, Punjab", message.path("location").path("address").asText());
    assertEquals("919802000000", message.path("from").asText());
    assertEquals("100000000000001", JSON.readTree(body).path("entry").path(0).path("changes").path(0).path("value")
        .path("metadata").path("phone_number_id").asText());
  }

  @Test
  void imageNamesTheStoredMediaWithItsTypeAndHash() throws Exception {
    Citizen citizen = Citizen.of(2_000_001, Channel.ALL.get(0), Language.EN);
    byte[] body = WebhookBody.image(citizen, "wamid.I", 1_700_000_000L, "1234567890123456", "image/jpeg", "q80=", null);
    JsonNode message = message(body);

    assertEquals("image", message.path("type").asText());
    assertEquals("1234567890123456", message.path("image").path("id").asText());
    assertEquals("image/jpeg", message.path("image").path("mime_type").asText());
    assertEquals("q80=", message.path("image").path("sha256").asText());
    assertTrue(message.path("image").path("caption").isMissingNode());
    assertTrue(new String(body, StandardCharsets.US_ASCII).contains("\"image\\/jpeg\""), "Meta escapes the slash");
  }

  @Test
  void listPickAndButtonTapAnswerTheBotsMessage() throws Exception {
    Citizen citizen = Citizen.of(2_000_002, Channel.ALL.get(0), Language.EN);
    JsonNode row = message(WebhookBody.listReply(citizen, "wamid.R", "wamid.BOT", 1L, "category:water", "Water supply"));
    JsonNode tap = message(WebhookBody.buttonReply(citizen, "wamid.B", "wamid.BOT", 1L, "summary:confirm", "Confirm"));

    assertEquals("list_reply", row.path("interactive").path("type").asText());
    assertEquals("category:water", row.path("interactive").path("list_reply").path("id").asText());
    assertEquals("Water supply", row.path("interactive").path("list_reply").path("title").asText());
    assertEquals("wamid.BOT", row.path("context").path("id").asText());
    assertEquals("button_reply", tap.path("interactive").path("type").asText());
    assertEquals("summary:confirm", tap.path("interactive").path("button_reply").path("id").asText());
    assertEquals("wamid.BOT", tap.path("context").path("id").asText());
  }
}
