package chaupal.outbound;

import java.util.Objects;

/**
 * One message to send through the Cloud API.
 *
 * @param messageKey globally unique and stable across replays, e.g. {@code persistenceId#seqNr#index};
 *     the outbox keeps one row per key, so a replayed event inserts nothing
 * @param orderingKey the citizen: requests with one key are sent one after another, in outbox order
 * @param phoneNumberId the channel (business phone number id) that sends it
 * @param recipient the citizen's WhatsApp id, for status tracking and logs
 * @param body the Cloud API request JSON, ready to send
 */
public record OutboundRequest(String messageKey, String orderingKey, String phoneNumberId, String recipient, byte[] body) {

  public OutboundRequest {
    Objects.requireNonNull(messageKey, "messageKey");
    Objects.requireNonNull(orderingKey, "orderingKey");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(body, "body");
  }
}
