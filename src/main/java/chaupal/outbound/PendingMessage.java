package chaupal.outbound;

import java.time.Duration;

/**
 * An outbox row taken by a sender: the head of its citizen's queue, due now.
 *
 * @param intent what to send; null only for a row written before V40, which carries {@code legacyBody}
 * @param legacyBody the finished request of such a row, sent as it is (null otherwise)
 * @param lastInboundMillis the citizen's last message on the channel, as the outbox last saw it (null if never)
 * @param lastErrorCode Meta's error code of the previous attempt (null if none): 131047 turns the next one into the template
 * @param awaitingWindowSinceMillis when the message began waiting for the citizen's window (its template refused, or none);
 *     null if it never did. A citizen message after this time makes it go free-form.
 */
record PendingMessage(
    long id,
    String messageKey,
    String orderingKey,
    String phoneNumberId,
    String recipient,
    Lane lane,
    MessageIntent intent,
    byte[] legacyBody,
    Long lastInboundMillis,
    Integer lastErrorCode,
    int attempts,
    Duration ageAtFetch,
    Long awaitingWindowSinceMillis) {

  /** A message that never waited for the citizen's window. */
  PendingMessage(long id, String messageKey, String orderingKey, String phoneNumberId, String recipient, Lane lane,
      MessageIntent intent, byte[] legacyBody, Long lastInboundMillis, Integer lastErrorCode, int attempts, Duration ageAtFetch) {
    this(id, messageKey, orderingKey, phoneNumberId, recipient, lane, intent, legacyBody, lastInboundMillis, lastErrorCode,
        attempts, ageAtFetch, null);
  }

  /**
   * Whether this message, refused outside the window, may wait for the citizen's next message and go
   * free-form then: a notification with free-form words or a stored media. A reply or a campaign message never waits.
   */
  boolean mayAwaitWindow() {
    return lane == Lane.NOTIFICATION && intent != null && intent.hasFreeForm();
  }
}
