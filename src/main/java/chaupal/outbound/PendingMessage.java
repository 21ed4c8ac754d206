package chaupal.outbound;

import java.time.Duration;

/** An outbox row taken by a sender: the head of its citizen's queue, due now. */
record PendingMessage(
    long id,
    String messageKey,
    String orderingKey,
    String phoneNumberId,
    String recipient,
    byte[] body,
    int attempts,
    Duration ageAtFetch) {}
