package chaupal.platform;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.citizen.Citizen;
import chaupal.conversation.Action;
import chaupal.outbound.Lane;
import chaupal.outbound.OutboxSource.Cancellation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A withdrawn consent cancels only the queued campaign messages sent under it (issue 12). */
class CitizenOutboxTest {

  static final String CITIZEN = "919800010091";
  static final String PID = "Citizen|" + CITIZEN;
  static final String CHANNEL = "100000000000001";
  static final Citizen.TemplateMessage TEMPLATE = new Citizen.TemplateMessage("chaupal_scheme", "en", List.of("x"));

  final CitizenOutbox outbox = new CitizenOutbox();

  @Test
  void aCampaignMessageIsSentUnderItsTopicAndAMarketingOneUnderWhatAStopEnds() {
    assertEquals(List.of("topic:water-supply"), consents(new Citizen.CampaignQueued("c1", CHANNEL, "water-supply", 1, TEMPLATE, false)));
    assertEquals(List.of("topic:city-events", "marketing"),
        consents(new Citizen.CampaignQueued("c2", CHANNEL, "city-events", 1, TEMPLATE, true)));
    assertEquals(List.of(), consents(new Citizen.CampaignQueued("c3", CHANNEL, null, 1, TEMPLATE, false)));
  }

  @Test
  void aWithdrawalNamesTheTopicAndAStopTheMarketingOnes() {
    assertEquals(List.of(new Cancellation(CHANNEL, CITIZEN, Lane.CAMPAIGN, "topic:city-events")), outbox.cancellationsFor(
        new Citizen.PreferenceHeard("k", CHANNEL, 1, true, List.of(new Action.Unsubscribe("city-events", "chat"))), PID));
    assertEquals(List.of(new Cancellation(CHANNEL, CITIZEN, Lane.CAMPAIGN, "marketing")), outbox.cancellationsFor(
        new Citizen.PreferenceHeard("k", CHANNEL, 1, true, List.of(new Action.Unsubscribe(null, "user-preferences"))), PID));
    assertEquals(List.of(), outbox.cancellationsFor(new Citizen.PreferenceHeard("k", CHANNEL, 1, true, List.of()), PID));
  }

  private List<String> consents(Citizen.CampaignQueued queued) {
    return outbox.requestsFor(queued, PID, 1).get(0).consents();
  }
}
