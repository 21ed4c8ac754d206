package chaupal.platform;

import chaupal.cases.CaseFiling;
import chaupal.cases.CitizenFeedback;
import chaupal.cases.FilingSource;
import chaupal.citizen.Citizen;
import chaupal.conversation.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a citizen's events meet the case part: the filings and feedback their turns decided, in
 * the case part's terms. A shape mapping with no rule of its own, like {@link CitizenOutbox}. The
 * request id is the event's place in the citizen's line, so a replayed event names the same request.
 */
final class CitizenFilings implements FilingSource {

  private static final String PREFIX = Citizen.ENTITY_KEY.name() + "|";

  @Override
  public List<CaseFiling> filingsIn(Object event, String persistenceId, long sequenceNr) {
    if (!(event instanceof Citizen.MessageReceived received) || received.actions().isEmpty()) return List.of();
    List<CaseFiling> filings = new ArrayList<>(1);
    int i = 0;
    for (Action action : received.actions()) {
      if (action instanceof Action.FileCase f && f.caseNumber() != null && f.tenant() != null) {
        filings.add(new CaseFiling(f.caseNumber(), requestId(persistenceId, sequenceNr, i), f.tenant(), f.ulb(), f.kind(),
            f.category(), f.subType(), f.department(), f.description(), f.latitude(), f.longitude(), f.address(),
            f.landmark(), f.ward(),
            f.attachments().stream().map(a -> new CaseFiling.Attachment(a.kind(), a.mediaId(), a.mimeType())).toList(),
            citizenOf(persistenceId), f.citizenName(), received.message().channelId(), f.language(),
            received.receivedAtMillis()));
      }
      i++;
    }
    return filings;
  }

  @Override
  public List<CitizenFeedback> feedbackIn(Object event, String persistenceId, long sequenceNr) {
    if (!(event instanceof Citizen.MessageReceived received) || received.actions().isEmpty()) return List.of();
    List<CitizenFeedback> feedback = new ArrayList<>(1);
    int i = 0;
    for (Action action : received.actions()) {
      String request = requestId(persistenceId, sequenceNr, i++);
      if (action instanceof Action.ReopenCase reopen) {
        feedback.add(new CitizenFeedback(reopen.caseNumber(), request, citizenOf(persistenceId), true, 0, reopen.reason(),
            received.receivedAtMillis()));
      } else if (action instanceof Action.AnswerCase answer) {
        feedback.add(CitizenFeedback.answer(answer.caseNumber(), request, citizenOf(persistenceId), answer.text(),
            answer.attachments().stream().map(a -> new CaseFiling.Attachment(a.kind(), a.mediaId(), a.mimeType())).toList(),
            received.receivedAtMillis()));
      } else if (action instanceof Action.RateCase rate) {
        feedback.add(new CitizenFeedback(rate.caseNumber(), request, citizenOf(persistenceId), false, rate.stars(), null,
            received.receivedAtMillis()));
      }
    }
    return feedback;
  }

  private static String requestId(String persistenceId, long sequenceNr, int action) {
    return persistenceId + "#" + sequenceNr + "#" + action;
  }

  static String citizenOf(String persistenceId) {
    return persistenceId.startsWith(PREFIX) ? persistenceId.substring(PREFIX.length()) : persistenceId;
  }
}
