package chaupal.outbound;

import chaupal.whatsapp.DeliveryStatus;
import java.time.Instant;

/**
 * What we know about one outbound message: our side (outbox) joined by wamid with Meta's side
 * (the furthest status reported). Either side may be missing: a status can arrive before the
 * sender has stored the wamid, and a message has no status until Meta reports one.
 *
 * @param messageKey null when only Meta's status is known
 * @param state null when only Meta's status is known
 * @param errorCode and {@code lastError}: the last refusal by the API, if any
 * @param status null until Meta reports one
 * @param statusErrorCode and {@code statusErrorTitle}: for a {@code failed} status
 */
public record DeliveryView(
    String messageKey,
    OutboxState state,
    int attempts,
    String recipient,
    String wamid,
    Instant acceptedAt,
    Integer errorCode,
    String lastError,
    DeliveryStatus status,
    Instant statusAt,
    Integer statusErrorCode,
    String statusErrorTitle) {}
