package chaupal.outbound;

import java.util.List;

/**
 * Turns a journal event into the messages it asks to send. Keeps the outbox generic: citizen replies
 * and broadcasts each bring their own source. Must be a pure function of its arguments, since the
 * projection may see an event again after a restart.
 */
@FunctionalInterface
public interface OutboxSource {

  /** The requests carried by this event, in sending order; empty for events without any. */
  List<OutboundRequest> requestsFor(Object event, String persistenceId, long sequenceNr);
}
