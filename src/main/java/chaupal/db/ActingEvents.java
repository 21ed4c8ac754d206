package chaupal.db;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.SourceProvider;

/**
 * The events of a tag for a projection that is not on a citizen's reply path (filings, media,
 * consents, the cases' read model and watch). Most read through a second read journal that polls
 * every 250 ms instead of the outbox's 100 ms, since under load every tag stream queries at each
 * poll; the two hops between a citizen's Confirm and the case in the officials' API read
 * {@link #promptlyByTag promptly}.
 */
public final class ActingEvents {

  /** The read journal's plugin id, configured in persistence.conf. */
  public static final String READ_JOURNAL = "chaupal.acting-read-journal";
  /** The outbox's read journal (100 ms), configured in persistence.conf. */
  private static final String PROMPT_READ_JOURNAL = "jdbc-read-journal";

  private ActingEvents() {}

  public static <E> SourceProvider<Offset, EventEnvelope<E>> byTag(ActorSystem<?> system, String tag) {
    return EventSourcedProvider.eventsByTag(system, READ_JOURNAL, tag);
  }

  /**
   * For a hop an official waits for (a filing to its case, a case's event to its row): the outbox's
   * read journal. An event waits for its journal's sequence reader and then for its stream's poll:
   * up to 0.5 s a hop at 250 ms and 250 ms (more behind a gap), up to 0.2 s at the outbox's 100 ms.
   * An idle stream's poll asks no query (platform.TaggedEventsDao): no cost while nothing is written.
   */
  public static <E> SourceProvider<Offset, EventEnvelope<E>> promptlyByTag(ActorSystem<?> system, String tag) {
    return EventSourcedProvider.eventsByTag(system, PROMPT_READ_JOURNAL, tag);
  }
}
