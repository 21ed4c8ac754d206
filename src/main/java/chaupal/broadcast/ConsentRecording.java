package chaupal.broadcast;

import java.util.concurrent.CompletionStage;

/**
 * Hands a consent given outside the chat (a tenant's web form) to the citizen's own entity, which
 * holds the consents and decides: platform implements it with the Citizen entity.
 */
public interface ConsentRecording {

  CompletionStage<Outcome> record(String citizenId, WrittenConsent consent);

  /**
   * @param consentedAt when the citizen gave it on the form (the consent's time in their record)
   * @param reference the form's own record of it (its submission id), kept with the consent as proof
   * @param importedBy the official who brought the list in
   */
  record WrittenConsent(String channelId, String topic, String language, String ulb, Integer ward, java.time.Instant consentedAt,
      String reference, String importedBy) {}

  enum Outcome {
    /** In the citizen's record from now on. */
    RECORDED,
    /** It already held: nothing changed. */
    ALREADY_ACTIVE,
    /** The citizen ended this topic themselves; only they can bring it back (in the chat, or START). */
    ENDED_BY_CITIZEN
  }
}
