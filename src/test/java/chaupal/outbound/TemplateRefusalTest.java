package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.outbound.OutboxSchedule.Effect;
import chaupal.outbound.OutboxSchedule.Now;
import chaupal.outbound.OutboxSchedule.Send;
import chaupal.outbound.OutboxSchedule.Store;
import chaupal.whatsapp.OutgoingContent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sender does not ask Meta to send a template the book knows is not approved in that language. */
class TemplateRefusalTest {

  private static final String CHANNEL = "100000000000001";
  private static final long NOW_MILLIS = 1_750_000_000_000L;

  /** The book as a map from "name language" to status. */
  private record Book(Map<String, String> statuses) implements TemplateRegistry {
    @Override
    public Optional<SyncedTemplate> find(String channelId, String name, String languageCode) {
      return Optional.ofNullable(statuses.get(name + " " + languageCode)).map(status -> new SyncedTemplate("200000000000001", name,
          languageCode, "UTILITY", status, "RED", 1, null, "Case {{1}}", status.equals("PAUSED") ? "FIRST_PAUSE" : null, Instant.EPOCH));
    }

    @Override
    public List<SyncedTemplate> of(String channelId) {
      return List.of();
    }
  }

  private static final Book BOOK = new Book(Map.of("chaupal_case_update hi", "PAUSED", "scheme_news hi", "DISABLED",
      "chaupal_case_update en", "APPROVED"));

  private OutboxSchedule schedule;

  /** A row outside the citizen's window (no message from them), so its template is what would go. */
  private static PendingMessage row(long id, String template, String language, Lane lane, boolean withWords) {
    OutgoingContent.Template t = new OutgoingContent.Template(template, language, List.of("PB-1"));
    MessageIntent intent = new MessageIntent(withWords ? new OutgoingContent.Text("news " + id, false) : null, t);
    String citizen = "91980001000" + id;
    return new PendingMessage(id, "k" + id, citizen, CHANNEL, citizen, lane, intent, null, null, null, 0, Duration.ZERO);
  }

  private List<Effect> commit(PendingMessage message) {
    Now now = new Now(1_000_000_000L, NOW_MILLIS);
    schedule = new OutboxSchedule(OutboxSettings.defaults(1), new Random(7), BOOK);
    schedule.start(now);
    schedule.synced(now, Set.of());
    schedule.fetched(now, List.of());
    return schedule.committed(now, List.of(new OutboxStore.Inserted(message, false)));
  }

  private static List<Send> sends(List<Effect> effects) {
    return effects.stream().filter(e -> e instanceof Send).map(e -> (Send) e).toList();
  }

  private static Outcome stored(List<Effect> effects) {
    List<Outcome> outcomes = effects.stream().filter(e -> e instanceof Store).flatMap(e -> ((Store) e).outcomes().stream()).toList();
    assertEquals(1, outcomes.size(), effects.toString());
    return outcomes.get(0);
  }

  @Test
  void aPausedTemplateOfANotificationWaitsForTheCitizenWithoutCallingMeta() {
    List<Effect> effects = commit(row(1, "chaupal_case_update", "hi", Lane.NOTIFICATION, true));
    assertEquals(List.of(), sends(effects), "Meta is not asked");
    Outcome.AwaitingWindow waiting = assertInstanceOf(Outcome.AwaitingWindow.class, stored(effects));
    assertEquals(132015, waiting.errorCode());
    assertFalse(waiting.attempted(), "no request went to the API");
    assertTrue(waiting.error().contains("PAUSED") && waiting.error().contains("FIRST_PAUSE"), waiting.error());
  }

  @Test
  void aDisabledTemplateOfACampaignFails() {
    Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, stored(commit(row(2, "scheme_news", "hi", Lane.CAMPAIGN, false))));
    assertEquals(132016, failed.errorCode());
  }

  @Test
  void anApprovedOrAnUnknownTemplateGoesToMeta() {
    assertEquals(1, sends(commit(row(3, "chaupal_case_update", "en", Lane.NOTIFICATION, true))).size(), "approved in en");
    assertEquals(1, sends(commit(row(4, "never_synced", "hi", Lane.NOTIFICATION, true))).size(), "unknown: Meta decides");
  }
}
