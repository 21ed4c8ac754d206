package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values no key, column or serializer could take are set aside where they are read; the rest of the body is kept. */
class HostileWebhookTest {

  private static final String META = "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"}";

  private static WebhookPayload parse(String body) {
    return assertDoesNotThrow(() -> WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String withValue(String value) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":"
        + value + "}]}]}";
  }

  private static String text(String wamid, String senderMembers) {
    return "{" + senderMembers + ",\"id\":\"" + wamid + "\",\"timestamp\":\"1750000000\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}";
  }

  private static String good(int i) {
    return text("wamid.G" + i, "\"from\":\"9198000" + String.format("%05d", i) + "\"");
  }

  /** The message of {@code poisoned} is set aside with {@code reason}, the good one beside it is kept. */
  private static void setAsideBesideAGoodOne(String poisoned, String reason) {
    WebhookPayload payload = parse(withValue("{" + META + ",\"messages\":[" + good(1) + "," + poisoned + "]}"));
    assertEquals(List.of("wamid.G1"), payload.changes().get(0).messages().stream().map(InboundMessage::wamid).toList(), poisoned);
    assertEquals(1, payload.rejected().size(), poisoned);
    RejectedElement r = payload.rejected().get(0);
    assertEquals("entry[0].changes[0].value.messages[1]", r.path());
    assertEquals(reason, r.reason());
    assertFalse(r.raw().chars().anyMatch(c -> c < ' ' || c > '~'), "raw is printable ASCII: " + r.raw());
  }

  @Test
  void sendersThatAreNoPhoneNumberOrBusinessScopedIdAreSetAside() {
    String notAPhone = "from is not a phone number (7 to 15 digits)";
    setAsideBesideAGoodOne(text("wamid.P1", "\"from\":\"919876030000\\u0000\""), notAPhone);
    setAsideBesideAGoodOne(text("wamid.P2", "\"from\":\"" + "9".repeat(300) + "\""), notAPhone);
    setAsideBesideAGoodOne(text("wamid.P3", "\"from\":\"bla\""), notAPhone);
    setAsideBesideAGoodOne(text("wamid.P4", "\"from\":\"12345\""), notAPhone);
    setAsideBesideAGoodOne(text("wamid.P5", "\"from\":\"+919800000001\""), notAPhone);
    setAsideBesideAGoodOne(text("wamid.P6", "\"from_user_id\":\"IN.1\\u0000\""), "from_user_id is not a business-scoped user id");
    setAsideBesideAGoodOne(text("wamid.P7", "\"from_user_id\":\"IN." + "1".repeat(300) + "\""), "from_user_id is not a business-scoped user id");
    setAsideBesideAGoodOne(text("wamid.P8", "\"type\":\"x\""), "no sender: neither from, from_user_id nor a contact");
  }

  @Test
  void idsThatNoColumnTakesAreSetAside() {
    String notAnId = "id is not an id (up to 128 printable ASCII characters)";
    setAsideBesideAGoodOne(text("wamid." + "A".repeat(300), "\"from\":\"919800000002\""), notAnId);
    setAsideBesideAGoodOne(text("wamid.A\\u0000", "\"from\":\"919800000002\""), notAnId);
    setAsideBesideAGoodOne(text("wamid. A", "\"from\":\"919800000002\""), notAnId);
    setAsideBesideAGoodOne(text("wamid.\\u00e9", "\"from\":\"919800000002\""), notAnId);
    setAsideBesideAGoodOne("{\"from\":\"919800000002\",\"id\":\"wamid.R\",\"timestamp\":\"1\",\"type\":\"reaction\",\"reaction\":{\"message_id\":\"" + "x".repeat(200) + "\"}}",
        "reaction: message_id is not an id (up to 128 printable ASCII characters)");
    setAsideBesideAGoodOne("{\"from\":\"919800000002\",\"id\":\"wamid.I\",\"timestamp\":\"1\",\"type\":\"image\",\"image\":{\"id\":\"../../x y\"}}",
        "image: id is not an id (up to 128 printable ASCII characters)");
    setAsideBesideAGoodOne(text("wamid.T", "\"from\":\"919800000002\",\"timestamp\":\"999999999999\",\"x\":1").replace(",\"timestamp\":\"1750000000\"", ""),
        "timestamp is out of range");
    setAsideBesideAGoodOne("{\"from\":\"919800000002\",\"id\":\"wamid.L\",\"timestamp\":\"1\",\"type\":\"location\",\"location\":{\"latitude\":1e400,\"longitude\":77.2}}",
        "location: latitude is not between -90.0 and 90.0");
  }

  @Test
  void aGroupMessageIsSetAsideNotAnsweredInPrivate() {
    setAsideBesideAGoodOne(text("wamid.GR", "\"from\":\"919800000003\",\"group_id\":\"120363000000000001\""),
        "group message; no channel serves groups");
  }

  @Test
  void oneBadMessageAmongAThousandCostsOnlyItself() {
    StringBuilder messages = new StringBuilder();
    for (int i = 0; i < 999; i++) messages.append(good(i)).append(',');
    messages.append(text("wamid.NOBODY", "\"type\":\"text\""));
    WebhookPayload payload = parse(withValue("{" + META + ",\"messages\":[" + messages + "]}"));
    assertEquals(999, payload.changes().get(0).messages().size());
    assertEquals(List.of("entry[0].changes[0].value.messages[999]: no sender: neither from, from_user_id nor a contact"),
        payload.rejected().stream().map(RejectedElement::describe).toList());
  }

  @Test
  void aBadStatusCostsOnlyItself() {
    WebhookPayload payload = parse(withValue("{" + META + ",\"messages\":[" + good(1) + "],\"statuses\":["
        + "{\"id\":\"wamid.S1\",\"status\":\"read\",\"recipient_id\":\"919800000001\"},"
        + "{\"id\":\"" + "S".repeat(300) + "\",\"status\":\"read\",\"timestamp\":\"1\"},"
        + "{\"id\":\"wamid.S3\",\"status\":\"deleted\\u0000919800000001\",\"timestamp\":\"1\"},"
        + "{\"id\":\"wamid.S4\",\"status\":\"delivered\",\"timestamp\":\"1\",\"recipient_id\":\"" + "9".repeat(300) + "\"},"
        + "{\"id\":\"wamid.S5\",\"status\":\"sent\",\"timestamp\":\"1\",\"recipient_id\":\"919800000001\"}]}"));
    Change change = payload.changes().get(0);
    assertEquals(1, change.messages().size());
    assertEquals(List.of("wamid.S5"), change.statuses().stream().map(StatusUpdate::wamid).toList());
    assertEquals(List.of(
            "entry[0].changes[0].value.statuses[0]: missing timestamp",
            "entry[0].changes[0].value.statuses[1]: id is not an id (up to 128 printable ASCII characters)",
            "entry[0].changes[0].value.statuses[2]: status \"deleted????????????\" is not one we know",
            "entry[0].changes[0].value.statuses[3]: recipient_id is not an id (up to 128 printable ASCII characters)"),
        payload.rejected().stream().map(RejectedElement::describe).toList());
  }

  @Test
  void aPhoneNumberIdNoColumnTakesSetsItsChangeAsideAndKeepsTheOthers() {
    String good = "{\"field\":\"messages\",\"value\":{" + META + ",\"messages\":[" + good(1) + "]}}";
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
        + "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"" + "1".repeat(70) + "\"},\"messages\":[" + good(2) + "]}},"
        + "{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"10654035224292x\"},\"messages\":[" + good(3) + "]}},"
        + good + "]}]}";
    WebhookPayload payload = parse(body);
    assertEquals(1, payload.changes().size());
    assertEquals("wamid.G1", payload.changes().get(0).messages().get(0).wamid());
    assertEquals(List.of(
            "entry[0].changes[0]: value.metadata: phone_number_id is not a phone number id (up to 32 digits)",
            "entry[0].changes[1]: value.metadata: phone_number_id is not a phone number id (up to 32 digits)"),
        payload.rejected().stream().map(RejectedElement::describe).toList());
  }

  @Test
  void aBadContactDropsTheContactsSoNoMessageIsTakenForAnotherCitizens() {
    WebhookPayload payload = parse(withValue("{" + META + ",\"contacts\":[{\"wa_id\":\"919800000001\"},{\"wa_id\":\"bla\"}],\"messages\":["
        + text("wamid.C1", "\"type\":\"text\"") + "," + good(2) + "]}"));
    Change change = payload.changes().get(0);
    assertEquals(List.of(), change.contacts());
    assertEquals(List.of("wamid.G2"), change.messages().stream().map(InboundMessage::wamid).toList());
    assertEquals(List.of(
            "entry[0].changes[0].value.contacts[1]: wa_id is not a phone number (7 to 15 digits)",
            "entry[0].changes[0].value.messages[0]: no sender: neither from, from_user_id nor a contact"),
        payload.rejected().stream().map(RejectedElement::describe).toList());
  }

  @Test
  void aCitizensTextKeepsItsWordsButNoControlCharacter() {
    WebhookPayload payload = parse(withValue("{" + META + ",\"messages\":["
        + text("wamid.N", "\"from\":\"919800000004\"").replace("\"body\":\"hi\"", "\"body\":\"a\\u0000b\\u0007c\\td\\ne \\ud83d\\ude00 \\ud800 f\"")
        + "],\"statuses\":[{\"id\":\"wamid.F\",\"status\":\"failed\",\"timestamp\":\"1\",\"errors\":[{\"code\":131047,\"title\":\"Re\\u0000engagement\"}]}]}"));
    Change change = payload.changes().get(0);
    assertEquals(new MessageContent.Text("abc\td\ne \uD83D\uDE00 \uFFFD f"), change.messages().get(0).content());
    assertEquals("Reengagement", change.statuses().get(0).errors().get(0).title());
    assertEquals(List.of(), payload.rejected());
  }

  @Test
  void aBodyThatIsNoWebhookIsStillRefused() {
    assertThrows(MalformedWebhookException.class, () -> WebhookParser.parse("{\"object\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(MalformedWebhookException.class, () -> WebhookParser.parse("{\"object\":\"x\",\"entry\":7}".getBytes(StandardCharsets.UTF_8)));
  }
}
