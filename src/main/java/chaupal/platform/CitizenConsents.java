package chaupal.platform;

import chaupal.broadcast.ConsentChange;
import chaupal.broadcast.ConsentSource;
import chaupal.citizen.Citizen;
import chaupal.conversation.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a citizen's events meet the consent read model: the consents their turns, Meta's stop
 * events, 131050 refusals, missed calls and imported web-form consents decided, in the broadcast part's terms. A shape mapping
 * with no rule of its own; the request id is the event's place in the citizen's line and the action's index.
 */
final class CitizenConsents implements ConsentSource {

  @Override
  public List<ConsentChange> consentsIn(Object event, String persistenceId, long sequenceNr) {
    if (event instanceof Citizen.MessageReceived m) {
      return changes(persistenceId, sequenceNr, m.message().channelId(), m.receivedAtMillis(), m.actions());
    }
    if (event instanceof Citizen.PreferenceHeard p) return changes(persistenceId, sequenceNr, p.channelId(), p.atMillis(), p.actions());
    if (event instanceof Citizen.MissedCallHeard c) return changes(persistenceId, sequenceNr, c.channelId(), c.atMillis(), c.actions());
    if (event instanceof Citizen.ConsentImported c) return changes(persistenceId, sequenceNr, c.channelId(), c.atMillis(), c.actions());
    return List.of();
  }

  private static List<ConsentChange> changes(String persistenceId, long sequenceNr, String channelId, long atMillis,
      List<Action> actions) {
    if (actions.isEmpty()) return List.of();
    String citizen = CitizenFilings.citizenOf(persistenceId);
    List<ConsentChange> changes = new ArrayList<>(1);
    for (int i = 0; i < actions.size(); i++) {
      String request = persistenceId + "#" + sequenceNr + "#" + i;
      if (actions.get(i) instanceof Action.Subscribe s) {
        changes.add(new ConsentChange(request, citizen, channelId, atMillis, s.topic(), true, s.source(), s.language(), s.ulb(), s.ward()));
      } else if (actions.get(i) instanceof Action.Unsubscribe u) {
        changes.add(new ConsentChange(request, citizen, channelId, atMillis, u.topic(), false, u.reason(), null, null, null));
      }
    }
    return changes;
  }
}
