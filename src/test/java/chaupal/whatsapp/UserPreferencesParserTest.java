package chaupal.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meta's {@code user_preferences} webhook, shaped as the reference gives it (integer timestamp, no entry time). */
class UserPreferencesParserTest {

  static String body(String preferences) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"user_preferences\",\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"910000000001\",\"phone_number_id\":\"100000000000001\"},"
        + "\"contacts\":[{\"wa_id\":\"919800010301\"}],\"user_preferences\":[" + preferences + "]}}]}]}";
  }

  static String item(String waId, String value, String category) {
    return "{\"wa_id\":\"" + waId + "\",\"detail\":\"User requested to " + value + " marketing messages\",\"category\":\"" + category
        + "\",\"value\":\"" + value + "\",\"timestamp\":1731705721}";
  }

  static WebhookPayload parse(String body) throws Exception {
    return WebhookParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aStopAndAResumeAreReadWithTheirChannelCitizenAndTime() throws Exception {
    WebhookPayload payload =
        parse(body(item("919800010301", "stop", "marketing_messages") + "," + item("919800010302", "resume", "marketing_messages")));
    Change change = payload.changes().get(0);
    assertEquals(Change.USER_PREFERENCES, change.field());
    assertEquals("100000000000001", change.phoneNumberId());
    assertEquals(
        List.of(new MarketingPreference("919800010301", true, 1_731_705_721_000L), new MarketingPreference("919800010302", false, 1_731_705_721_000L)),
        change.preferences());
    assertTrue(change.messages().isEmpty() && change.statuses().isEmpty());
    assertEquals(List.of(), payload.rejected());
  }

  @Test
  void anotherCategoryOrValueIsSetAsideAndTheRestKept() throws Exception {
    WebhookPayload payload = parse(body(item("919800010301", "signup", "marketing_messages") + ","
        + item("919800010302", "stop", "service_messages") + "," + item("919800010303", "stop", "marketing_messages")));
    assertEquals(List.of(new MarketingPreference("919800010303", true, 1_731_705_721_000L)), payload.changes().get(0).preferences());
    assertEquals(2, payload.rejected().size());
    assertTrue(payload.rejected().get(0).reason().contains("neither stop nor resume"), payload.rejected().get(0).reason());
  }

  @Test
  void aBadTimestampOrWaIdIsSetAside() throws Exception {
    String bad = "{\"wa_id\":\"not-a-number\",\"category\":\"marketing_messages\",\"value\":\"stop\",\"timestamp\":1731705721},"
        + "{\"wa_id\":\"919800010304\",\"category\":\"marketing_messages\",\"value\":\"stop\",\"timestamp\":\"soon\"}";
    WebhookPayload payload = parse(body(bad));
    assertEquals(List.of(), payload.changes().get(0).preferences());
    assertEquals(2, payload.rejected().size());
  }
}
