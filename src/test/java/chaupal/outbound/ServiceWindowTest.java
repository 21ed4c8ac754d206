package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.tenancy.Channel;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.MetaJson;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.SendResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sender's choice at send time: free-form inside the citizen's 24-hour window, the template outside it. */
class ServiceWindowTest {

  private static final long NOW = 1_750_000_000_000L;
  private static final OutgoingContent.Text TEXT = new OutgoingContent.Text("Your grievance was resolved", false);
  private static final OutgoingContent.Template TEMPLATE =
      new OutgoingContent.Template("case_status_update", "hi", List.of("PB-2026-0042", "resolved"));

  private static PendingMessage message(MessageIntent intent, Long lastInbound, Integer lastError) {
    return message(Lane.NOTIFICATION, intent, lastInbound, lastError);
  }

  private static PendingMessage message(Lane lane, MessageIntent intent, Long lastInbound, Integer lastError) {
    return new PendingMessage(1, "k", "919800010001", "100000000000001", "919800010001", lane, intent, null,
        lastInbound, lastError, 0, Duration.ZERO);
  }

  private static PendingMessage waited(MessageIntent intent, long since, Long lastInbound, Integer lastError) {
    return new PendingMessage(1, "k", "919800010001", "100000000000001", "919800010001", Lane.NOTIFICATION, intent, null,
        lastInbound, lastError, 1, Duration.ZERO, since);
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
    assertEquals("outbox-1", sent(choice).path("biz_opaque_callback_data").asText(), "names the row, for its statuses to echo");
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
    assertEquals("outbox-1", sent(choice).path("biz_opaque_callback_data").asText());
    assertTrue(((ServiceWindow.Send) ServiceWindow.choose(message(new MessageIntent(TEXT, TEMPLATE), null, null), NOW)).asTemplate(),
        "a citizen who never wrote on the channel has no window");
  }

  @Test
  void aClosedWindowWithoutTemplateEndsTheReplyWithAReason() {
    ServiceWindow.Choice choice =
        ServiceWindow.choose(message(Lane.REPLY, MessageIntent.freeForm(TEXT), NOW - Duration.ofDays(2).toMillis(), null), NOW);
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
    assertInstanceOf(Outcome.Failed.class, policy.decide(message(Lane.REPLY, MessageIntent.freeForm(TEXT), NOW - 1000, null), false,
        outside, new Random(1)), "a reply without a template to fall back on");
  }

  @Test
  void aNotificationWithoutTemplateWaitsForTheCitizensNextMessageInsteadOfEnding() {
    ServiceWindow.Choice choice =
        ServiceWindow.choose(message(MessageIntent.freeForm(TEXT), NOW - Duration.ofDays(2).toMillis(), null), NOW);
    Outcome.AwaitingWindow waiting = assertInstanceOf(Outcome.AwaitingWindow.class, ((ServiceWindow.Refuse) choice).outcome());
    assertEquals(OutboxState.PENDING, waiting.state());
    assertFalse(waiting.attempted());
    assertTrue(waiting.error().contains("waiting for the citizen's next message"), waiting.error());
    assertInstanceOf(Outcome.Expired.class, ((ServiceWindow.Refuse) ServiceWindow.choose(
        message(Lane.CAMPAIGN, MessageIntent.freeForm(TEXT), null, null), NOW)).outcome(), "a campaign message does not wait");
  }

  @Test
  void aRefusedTemplateOfANotificationWaitsForTheWindow() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 12, Duration.ofHours(24));
    PendingMessage both = message(new MessageIntent(TEXT, TEMPLATE), null, null);
    for (int code : new int[] {132000, 132001, 132015, 132016}) {
      SendResult.Rejected refused = new SendResult.Rejected(400, new ApiError(code, "template", null, null), false, null);
      Outcome.AwaitingWindow waiting = assertInstanceOf(Outcome.AwaitingWindow.class, policy.decide(both, true, refused, new Random(1)));
      assertEquals(code, waiting.errorCode());
      assertTrue(waiting.error().contains("template refused; waiting for the citizen's next message"), waiting.error());
      assertInstanceOf(Outcome.Failed.class, policy.decide(message(Lane.REPLY, new MessageIntent(TEXT, TEMPLATE), null, null), true,
          refused, new Random(1)), "a reply's refused template ends it, as before");
      assertInstanceOf(Outcome.Failed.class, policy.decide(message(MessageIntent.template(TEMPLATE), null, null), true, refused,
          new Random(1)), "nothing free-form to wait with");
    }
    SendResult.Rejected outside = new SendResult.Rejected(400, new ApiError(131047, "Re-engagement message", null, null), false, null);
    assertInstanceOf(Outcome.AwaitingWindow.class,
        policy.decide(message(MessageIntent.freeForm(TEXT), NOW - 1000, null), false, outside, new Random(1)),
        "131047 to a notification without template: it waits");
  }

  @Test
  void aWaitingNotificationGoesFreeFormOnceTheCitizenWroteAgain() throws Exception {
    long since = NOW - Duration.ofDays(3).toMillis();
    ServiceWindow.Choice woken = ServiceWindow.choose(waited(new MessageIntent(TEXT, TEMPLATE), since, NOW - 1000, 132001), NOW);
    assertFalse(((ServiceWindow.Send) woken).asTemplate());
    assertEquals("Your grievance was resolved", sent(woken).path("text").path("body").asText());
    ServiceWindow.Choice afterMeta131047 = ServiceWindow.choose(waited(MessageIntent.freeForm(TEXT), since, NOW - 1000, 131047), NOW);
    assertFalse(((ServiceWindow.Send) afterMeta131047).asTemplate(), "Meta's 131047 came before the citizen wrote");
    ServiceWindow.Choice notYet = ServiceWindow.choose(waited(MessageIntent.freeForm(TEXT), since, since - 1000, 131047), NOW);
    assertInstanceOf(Outcome.AwaitingWindow.class, ((ServiceWindow.Refuse) notYet).outcome(), "no message since: it keeps waiting");
  }

  @Test
  void aNotificationTakesItsTemplateParametersByName() {
    Channel.Template configured =
        new Channel.Template("case-update", "hi", "chaupal_case_update", "hi", List.of("case_number", "status", "note"));
    MessageIntent intent = MessageIntent.notification(TEXT, configured, Map.of("status", "resolved", "case_number", "JAL-26-004217", "note", " "));
    assertEquals(new OutgoingContent.Template("chaupal_case_update", "hi", List.of("JAL-26-004217", "resolved", "-")), intent.template());
    assertEquals(TEXT, intent.freeForm());
    IllegalArgumentException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MessageIntent.notification(TEXT, configured, Map.of("case_number", "JAL-26-004217")));
    assertEquals("template chaupal_case_update (hi) needs the parameter status; given [case_number]", missing.getMessage());
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
  private static final MessageIntent PHOTO = MessageIntent.storedMedia("image", "upload-0123456789abcdef0123456789abcdef", "Pipe repaired");

  @Test
  void insideTheWindowAStoredPhotoGoesToBeUploadedAndSent() {
    ServiceWindow.Send send = (ServiceWindow.Send) ServiceWindow.choose(message(PHOTO, NOW - 3_600_000, null), NOW);
    assertEquals(PHOTO.storedMedia(), send.storedMedia());
    assertFalse(send.asTemplate());
  }

  @Test
  void outsideTheWindowAStoredPhotoWaitsForTheCitizensNextMessageThenGoes() {
    long dayAndASecondAgo = NOW - Duration.ofHours(24).plusSeconds(1).toMillis();
    assertInstanceOf(Outcome.AwaitingWindow.class,
        ((ServiceWindow.Refuse) ServiceWindow.choose(message(PHOTO, dayAndASecondAgo, null), NOW)).outcome());
    ServiceWindow.Send send = (ServiceWindow.Send) ServiceWindow.choose(waited(PHOTO, NOW - 60_000, NOW - 1_000, 131047), NOW);
    assertEquals(PHOTO.storedMedia(), send.storedMedia());
  }

  @Test
  void intentsStoredBeforeStoredMediaStillReadAndAPhotoIntentRoundTrips() {
    MessageIntent old = MessageIntent.fromJson("""
        {"freeForm":{"@type":"text","body":"Your grievance was resolved","previewUrl":false},
         "template":{"@type":"template","name":"case_status_update","languageCode":"hi","bodyParameters":["PB-2026-0042","resolved"]}}""");
    assertEquals(new MessageIntent(TEXT, TEMPLATE), old);
    assertEquals(null, old.storedMedia());
    assertEquals(PHOTO, MessageIntent.fromJson(PHOTO.toJson()));
    assertEquals(new MessageIntent(TEXT, TEMPLATE), MessageIntent.fromJson(new MessageIntent(TEXT, TEMPLATE).toJson()));
  }

  @Test
  void aStoredMediaIsCheckedByMetasRulesWhenQueued() {
    assertThrows(IllegalArgumentException.class, () -> MessageIntent.storedMedia("sticker", "upload-1", "no captions on stickers"));
    assertThrows(IllegalArgumentException.class, () -> MessageIntent.storedMedia("image", " ", null));
    assertThrows(IllegalArgumentException.class, () -> new MessageIntent(TEXT, null, PHOTO.storedMedia()));
  }
}
