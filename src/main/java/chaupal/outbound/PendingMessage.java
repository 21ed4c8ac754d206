package chaupal.outbound;

import java.time.Duration;

/**
 * An outbox row taken by a sender: the head of its citizen's queue, due now.
 *
 * @param intent what to send; null only for a row written before V40, which carries {@code legacyBody}
 * @param legacyBody the finished request of such a row, sent as it is (null otherwise)
 * @param lastInboundMillis the citizen's last message on the channel, as the outbox last saw it (null if never)
 * @param lastErrorCode Meta's error code of the previous attempt (null if none): 131047 turns the next one into the template
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
    Duration ageAtFetch) {}
