package chaupal.broadcast;

import java.util.concurrent.CompletionStage;

/**
 * Hands a campaign message to a citizen's own entity, so that it takes its place in the citizen's
 * line behind their replies and is refused if the consent has ended; platform implements it with
 * the Citizen entity. At least once from the runner, at most once in effect.
 */
public interface CampaignDelivery {

  CompletionStage<Answer> deliver(String citizenId, CampaignMessage message);

  enum Answer {
    /** In the journal, on its way through the outbox. */
    QUEUED,
    /** This campaign was already queued for this citizen: nothing done. */
    ALREADY_QUEUED,
    /** No consent for the topic on that channel (never given, or withdrawn): nothing sent. */
    NOT_SUBSCRIBED
  }
}
