package chaupal.media;

import akka.projection.eventsourced.EventEnvelope;
import akka.projection.jdbc.javadsl.JdbcHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records the media a group of events carries as pending rows, in the projection's transaction. */
final class MediaHandler extends JdbcHandler<List<EventEnvelope<Object>>, MediaSession> {

  private final MediaSource source;
  private final Duration claimFor;

  MediaHandler(MediaSource source, Duration claimFor) {
    this.source = source;
    this.claimFor = claimFor;
  }

  @Override
  public void process(MediaSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    List<MediaRef> refs = new ArrayList<>();
    List<Instant> receivedAt = new ArrayList<>();
    for (EventEnvelope<Object> envelope : envelopes) {
      for (MediaRef ref : source.mediaIn(envelope.event(), envelope.persistenceId())) {
        refs.add(ref);
        // When the event was written: Meta's days for the media id count from the citizen's message.
        receivedAt.add(Instant.ofEpochMilli(envelope.timestamp()));
      }
    }
    if (refs.isEmpty()) return;
    session.handOver(session.withConnection(c -> MediaTable.record(c, refs, receivedAt, claimFor)));
  }
}
