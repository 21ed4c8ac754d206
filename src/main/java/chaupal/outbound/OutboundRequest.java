package chaupal.outbound;

import java.util.List;
import java.util.Objects;

/**
 * One message to send through the Cloud API; the request itself is built at send time.
 *
 * @param messageKey globally unique and stable across replays, e.g. {@code persistenceId#seqNr#index};
 *     the outbox keeps one row per key, so a replayed event inserts nothing
 * @param orderingKey the citizen: requests with one key are sent one after another, in outbox order, whatever their lane
 * @param phoneNumberId the channel (business phone number id) that sends it
 * @param recipient the citizen's WhatsApp id (or business-scoped user id), for the request, status tracking and logs
 * @param lane which citizens' messages go first on a busy channel
 * @param intent free-form content, a template, or both
 * @param consents the consents it is sent under (names without commas): withdrawing one cancels it while pending
 *     ({@link OutboxSource.Cancellation}); none for a message that needs no consent
 */
public record OutboundRequest(String messageKey, String orderingKey, String phoneNumberId, String recipient, Lane lane,
    MessageIntent intent, List<String> consents) {

  /** A message that needs no consent. */
  public OutboundRequest(String messageKey, String orderingKey, String phoneNumberId, String recipient, Lane lane,
      MessageIntent intent) {
    this(messageKey, orderingKey, phoneNumberId, recipient, lane, intent, List.of());
  }

  public OutboundRequest {
    Objects.requireNonNull(messageKey, "messageKey");
    Objects.requireNonNull(orderingKey, "orderingKey");
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(intent, "intent");
    consents = consents == null ? List.of() : List.copyOf(consents);
  }
}
