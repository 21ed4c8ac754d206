package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.SendResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sender's choice at send time: free-form inside the citizen's 24-hour window, the template outside it. */
class ServiceWindowTest {

  private static final long NOW = 1_750_000_000_000L;
  private static final OutgoingContent.Text TEXT = new OutgoingContent.Text("Your grievance was resolved", false);
  private static final OutgoingContent.Template TEMPLATE =
      new OutgoingContent.Template("case_status_update", "hi", List.of("PB-2026-0042", "resolved"));

  private static PendingMessage message(MessageIntent intent, Long lastInbound, Integer lastError) {
    return new PendingMessage(1, "k", "919800010001", "100000000000001", "919800010001", Lane.NOTIFICATION, intent, null,
        lastInbound, lastError, 0, Duration.ZERO);
  }

  private static JsonNode sent(ServiceWindow.Choice choice) throws Exception {
    return MetaJson.READER.readTree(((ServiceWindow.Send) choice).json());
  }

  @Test
  void insideTheWindowTheFreeFormMessageGoes() throws Exception {
    ServiceWindow.Choice choice = ServiceWindow.choose(message(new MessageIntent(TEXT, TEMPLATE), NOW - 3_600_000, null), NOW);
    assertFalse(((ServiceWindow.Send) choice).asTemplate());
    assertEquals("Your grievance was resolved", sent(choice).path("text").path("body").asText());
    assertEquals("+919800010001", sent(choice).path("to").asText());
  }

  @Test
  void outsideTheWindowTheTemplateGoesWithItsParameters() throws Exception {
    long dayAndASecondAgo = NOW - Duration.ofHours(24).plusSeconds(1).toMillis();
    ServiceWindow.Choice choice = ServiceWindow.choose(message(new MessageIntent(TEXT, TEMPLATE), dayAndASecondAgo, null), NOW);
    assertTrue(((ServiceWindow.Send) choice).asTemplate());
    JsonNode template = sent(choice).path("template");
    assertEquals("case_status_update", template.path("name").asText());
    assertEquals("hi", template.path("language").path("code").asText());
    assertTrue(template.toString().contains("PB-2026-0042"), template.toString());
    assertTrue(((ServiceWindow.Send) ServiceWindow.choose(message(new MessageIntent(TEXT, TEMPLATE), null, null), NOW)).asTemplate(),
        "a citizen who never wrote on the channel has no window");
  }

  @Test
  void aClosedWindowWithoutTemplateEndsTheRowWithAReason() {
    ServiceWindow.Choice choice = ServiceWindow.choose(message(MessageIntent.freeForm(TEXT), NOW - Duration.ofDays(2).toMillis(), null), NOW);
    Outcome.Expired expired = (Outcome.Expired) ((ServiceWindow.Refuse) choice).outcome();
    assertEquals(131047, expired.errorCode());
    assertFalse(expired.attempted(), "nothing went to the API");
    assertTrue(expired.error().contains("24-hour window is closed"), expired.error());
  }

  @Test
  void afterMetaAnswered131047TheTemplateGoesEvenIfOurClockSaysOpen() {
    ServiceWindow.Choice choice = ServiceWindow.choose(message(new MessageIntent(TEXT, TEMPLATE), NOW - 1000, 131047), NOW);
    assertTrue(((ServiceWindow.Send) choice).asTemplate());
  }

  @Test
  void a131047AnswerToAFreeFormMessageIsRetriedAtOnceAsTheTemplate() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 12, Duration.ofHours(24));
    SendResult.Rejected outside = new SendResult.Rejected(400, new ApiError(131047, "Re-engagement message", null, null), false, null);
    PendingMessage both = message(new MessageIntent(TEXT, TEMPLATE), NOW - 1000, null);
    Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, policy.decide(both, false, outside, new Random(1)));
    assertEquals(Duration.ZERO, retry.delay());
    assertEquals(131047, retry.errorCode(), "stored on the row: the next attempt chooses the template");
    assertInstanceOf(Outcome.Failed.class, policy.decide(both, true, outside, new Random(1)), "the template itself refused: for good");
    assertInstanceOf(Outcome.Failed.class, policy.decide(message(MessageIntent.freeForm(TEXT), NOW - 1000, null), false, outside,
        new Random(1)), "no template to fall back on");
  }

  @Test
  void aRowWrittenBeforeIntentsIsSentAsStored() {
    byte[] stored = "{\"messaging_product\":\"whatsapp\"}".getBytes();
    PendingMessage legacy = new PendingMessage(1, "k", "919800010001", "100000000000001", "919800010001", Lane.REPLY, null, stored,
        null, null, 0, Duration.ZERO);
    assertArrayEquals(stored, ((ServiceWindow.Send) ServiceWindow.choose(legacy, NOW)).json());
  }

  @Test
  void theIntentSurvivesItsJsonColumn() {
    MessageIntent intent = new MessageIntent(TEXT, TEMPLATE);
    assertEquals(intent, MessageIntent.fromJson(intent.toJson()));
  }
}
