package chaupal.outbound;

import java.util.List;
import java.util.Optional;

/**
 * Turns a journal event into the messages it asks to send. Keeps the outbox generic: citizen replies
 * and broadcasts each bring their own source. Must be a pure function of its arguments, since the
 * projection may see an event again after a restart.
 */
public interface OutboxSource {

  /** A citizen wrote on a channel at this time: their 24-hour window for free-form messages opens. */
  record WindowOpened(String phoneNumberId, String recipient, long atMillis) {}

  /** The requests carried by this event, in sending order; empty for events without any. */
  List<OutboundRequest> requestsFor(Object event, String persistenceId, long sequenceNr);

  /**
   * The pending messages of one lane to one citizen on one channel that this event withdraws (an unsubscribe):
   * those sent under {@code consent} ({@link OutboundRequest#consents}), every one of the lane when it is null.
   */
  record Cancellation(String phoneNumberId, String recipient, Lane lane, String consent) {
    public Cancellation(String phoneNumberId, String recipient, Lane lane) {
      this(phoneNumberId, recipient, lane, null);
    }
  }

  /** What this event withdraws from the outbox before it is sent; none for most events. */
  default List<Cancellation> cancellationsFor(Object event, String persistenceId) {
    return List.of();
  }

  /** The citizen message this event records, if it records one. */
  Optional<WindowOpened> windowOpenedBy(Object event, String persistenceId);
}
