package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MalformedWebhookTest {

  private static final String META = "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"}";

  private static String refused(String body) {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    return assertThrows(MalformedWebhookException.class, () -> WebhookParser.parse(bytes)).getMessage();
  }

  /**
   * The one element a body sets aside, as {@code path: reason}; the body itself is read, not refused,
   * so that Meta does not resend its good elements for 7 days.
   */
  private static String setAside(String body) {
    WebhookPayload payload = assertDoesNotThrow(() -> WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, payload.rejected().size(), body);
    for (Change change : payload.changes()) {
      assertTrue(change.messages().isEmpty() && change.statuses().isEmpty(), body);
    }
    RejectedElement element = payload.rejected().get(0);
    assertNotNull(element.raw());
    assertTrue(element.raw().length() <= RejectedElement.MAX_RAW + 3);
    return element.describe();
  }

  /** A body with one change whose value is {@code value}. */
  private static String withValue(String value) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":"
        + value + "}]}]}";
  }

  private static String withMessage(String message) {
    return withValue("{" + META + ",\"contacts\":[],\"messages\":[" + message + "]}");
  }

  private static String withStatus(String status) {
    return withValue("{" + META + ",\"statuses\":[" + status + "]}");
  }

  @Test
  void notJson() {
    assertEquals("body: empty", refused(null));
    assertEquals("body: empty", refused(""));
    assertTrue(refused("not json").startsWith("body: not JSON at line 1, column "), refused("not json"));
    assertTrue(refused("{\"object\":").startsWith("body: not JSON"));
    assertTrue(refused("{\"object\":\"x\",\"entry\":[]} trailing").startsWith("body: not JSON"));
    assertTrue(refused("[".repeat(5000)).startsWith("body: "));
  }

  @Test
  void jacksonMessagesDoNotLeakTheBody() {
    String message = refused("{\"object\":\"x\",\"entry\":[]} secret919800000001");
    assertFalse(message.contains("919800000001"), message);
  }

  @Test
  void notAnObject() {
    assertEquals("body: not a JSON object", refused("[]"));
    assertEquals("body: not a JSON object", refused("42"));
    assertEquals("body: not a JSON object", refused("\"whatsapp_business_account\""));
    assertEquals("body: not a JSON object", refused("null"));
  }

  @Test
  void envelope() {
    assertEquals("body: missing object", refused("{\"entry\":[]}"));
    assertEquals("body: object is not a string", refused("{\"object\":1,\"entry\":[]}"));
    assertEquals("body: missing entry", refused("{\"object\":\"whatsapp_business_account\"}"));
    assertEquals("body: entry is not an array", refused("{\"object\":\"whatsapp_business_account\",\"entry\":{}}"));
    assertEquals("entry[1]: not an object", setAside("{\"object\":\"w\",\"entry\":[{},7]}"));
    assertEquals("entry[0]: changes is not an array", setAside("{\"object\":\"w\",\"entry\":[{\"changes\":\"x\"}]}"));
    assertEquals("entry[0].changes[0]: missing field", setAside("{\"object\":\"w\",\"entry\":[{\"changes\":[{}]}]}"));
    assertEquals("entry[0].changes[0]: missing value", setAside("{\"object\":\"w\",\"entry\":[{\"changes\":[{\"field\":\"messages\"}]}]}"));
    assertEquals("entry[0].changes[0]: value: missing metadata", setAside(withValue("{\"messages\":[]}")));
    assertEquals("entry[0].changes[0]: value.metadata: missing phone_number_id", setAside(withValue("{\"metadata\":{}}")));
    assertEquals("entry[0].changes[0]: value: messages is not an array", setAside(withValue("{" + META + ",\"messages\":{}}")));
  }

  @Test
  void messages() {
    assertEquals("entry[0].changes[0].value.messages[0]: missing id",
        setAside(withMessage("{\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: id is not a string",
        setAside(withMessage("{\"id\":5,\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: no sender: neither from, from_user_id nor a contact",
        setAside(withMessage("{\"id\":\"wamid.A\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: no sender: neither from, from_user_id nor a contact",
        setAside(withValue("{" + META + ",\"contacts\":[{\"wa_id\":\"919800000001\"},{\"wa_id\":\"919800000002\"}],"
            + "\"messages\":[{\"id\":\"wamid.A\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]}")));
    assertEquals("entry[0].changes[0].value.messages[0]: timestamp is not Unix seconds",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"yesterday\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: missing timestamp",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: timestamp is out of range",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"999999999999999999\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: missing type",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\"}")));
    assertEquals("entry[0].changes[0].value.messages[0]: missing text",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"text\"}")));
    assertEquals("entry[0].changes[0].value.messages[0]: text: body is not a string",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":[]}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: location: latitude is not a number",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"location\",\"location\":{\"latitude\":\"28.6\",\"longitude\":77.2}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: image: missing id",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"image\",\"image\":{}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: audio: voice is not a boolean",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"audio\",\"audio\":{\"id\":\"1\",\"voice\":\"yes\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: interactive: missing button_reply",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\"}}")));
    assertEquals("entry[0].changes[0].value.messages[0]: errors[0]: missing code, or not an integer",
        setAside(withMessage("{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"unsupported\",\"errors\":[{\"code\":\"abc\"}]}")));
    WebhookPayload beside = assertDoesNotThrow(() -> WebhookParser.parse(withMessage(
        "{\"id\":\"wamid.A\",\"from\":\"919800000001\",\"timestamp\":\"1\",\"type\":\"x\"},\"second\"").getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of("wamid.A"), beside.changes().get(0).messages().stream().map(InboundMessage::wamid).toList());
    assertEquals(List.of(new RejectedElement("entry[0].changes[0].value.messages[1]", "not an object", "\"second\"")), beside.rejected());
  }

  @Test
  void statuses() {
    assertEquals("entry[0].changes[0].value.statuses[0]: missing id",
        setAside(withStatus("{\"status\":\"sent\",\"timestamp\":\"1\",\"recipient_id\":\"919800000001\"}")));
    assertEquals("entry[0].changes[0].value.statuses[0]: missing id",
        setAside(withStatus("{\"id\":\"\",\"status\":\"sent\",\"timestamp\":\"1\"}")));
    assertEquals("entry[0].changes[0].value.statuses[0]: missing status",
        setAside(withStatus("{\"id\":\"wamid.A\",\"timestamp\":\"1\"}")));
    assertEquals("entry[0].changes[0].value.statuses[0]: status is not a string",
        setAside(withStatus("{\"id\":\"wamid.A\",\"status\":true,\"timestamp\":\"1\"}")));
  }

  @Test
  void anUnknownStatusIsSkippedAndTheRestOfTheBodyKept() throws MalformedWebhookException {
    WebhookPayload payload = WebhookParser.parse(withStatus(
        "{\"id\":\"wamid.A\",\"status\":\"deleted\",\"timestamp\":\"1\"},"
            + "{\"id\":\"wamid.B\",\"status\":\"read\",\"timestamp\":\"2\"}").getBytes(StandardCharsets.US_ASCII));
    assertEquals(1, payload.changes().get(0).statuses().size());
    assertEquals("wamid.B", payload.changes().get(0).statuses().get(0).wamid());
    assertEquals(DeliveryStatus.READ, payload.changes().get(0).statuses().get(0).status());
  }

  @Test
  void otherFieldsAreNotInspected() throws MalformedWebhookException {
    WebhookPayload payload = WebhookParser.parse(
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"account_update\",\"value\":[1,\"anything\"]}]}]}"
            .getBytes(StandardCharsets.US_ASCII));
    assertEquals("account_update", payload.changes().get(0).field());
  }
}
