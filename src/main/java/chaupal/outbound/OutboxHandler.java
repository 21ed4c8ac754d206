package chaupal.outbound;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the requests carried by a group of events into the outbox, and the citizens' service
 * windows their messages open, in the projection's transaction.
 */
final class OutboxHandler extends JdbcHandler<List<EventEnvelope<Object>>, OutboxSession> {

  private final OutboxSource source;
  private final int partition;

  OutboxHandler(OutboxSource source, int partition) {
    this.source = source;
    this.partition = partition;
  }

  @Override
  public void process(OutboxSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    List<OutboundRequest> requests = new ArrayList<>();
    List<OutboxSource.WindowOpened> windows = new ArrayList<>();
    List<OutboxSource.Cancellation> cancellations = new ArrayList<>();
    for (EventEnvelope<Object> envelope : envelopes) {
      source.windowOpenedBy(envelope.event(), envelope.persistenceId()).ifPresent(windows::add);
      requests.addAll(source.requestsFor(envelope.event(), envelope.persistenceId(), envelope.sequenceNr()));
      cancellations.addAll(source.cancellationsFor(envelope.event(), envelope.persistenceId()));
    }
    // Before this group's own inserts: an unsubscribe withdraws what was queued before it, not after.
    if (!cancellations.isEmpty()) session.withConnection(c -> {
      OutboxStore.cancel(c, cancellations);
      return null;
    });
    // Windows first: the rows inserted next read their citizen's window back for the sender's memory.
    if (!windows.isEmpty()) session.withConnection(c -> {
      OutboxStore.openWindows(c, windows);
      return null;
    });
    if (requests.isEmpty()) return;
    session.rowsAdded(session.withConnection(c -> OutboxStore.insert(c, partition, requests)));
  }
}
