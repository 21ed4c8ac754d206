package chaupal.outbound;

import java.util.Locale;

/** Where an outbox message stands on our side. Delivery to the phone is tracked separately, by status webhooks. */
public enum OutboxState {
  /** Waiting for its turn, its channel's throughput, or a retry. */
  PENDING,
  /** The Cloud API took it and gave it a wamid. */
  ACCEPTED,
  /** The Cloud API refused it for good. */
  FAILED,
  /** Given up after too many attempts or too long. */
  EXPIRED,
  /** Withdrawn before it was sent: a campaign message whose citizen unsubscribed. */
  CANCELLED;

  /** The value in {@code outbound_message.state}. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutboxState fromColumn(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
