package chaupal.broadcast;

/**
 * A consent given or ended, read out of a citizen's event by {@link ConsentSource}.
 *
 * @param requestId the event's place in the citizen's line and the action's index: a replay names the same request
 * @param topic the topic, or null (an end only) for every marketing topic on the channel
 * @param source for a consent: chat, missed-call, web-form; for an end: its reason (stop-word, withdrawn,
 *     user-preferences, meta-131050)
 * @param language the citizen's language (consents only), else null
 */
public record ConsentChange(String requestId, String citizenId, String channelId, long atMillis, String topic,
    boolean subscribed, String source, String language, String ulb, Integer ward) {}
