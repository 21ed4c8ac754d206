package chaupal.db;

import akka.actor.typed.ActorSystem;
import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.SourceProvider;

/**
 * The events of a tag for a projection that is not on a citizen's reply path (filings, media,
 * consents, the cases' read model and watch), read through a second read journal that polls every
 * 250 ms instead of the outbox's 100 ms: forty tag streams polled PostgreSQL 400 times a second on
 * an idle node, and only the outbox, whose delay every reply waits, needs the short interval.
 */
public final class ActingEvents {

  /** The read journal's plugin id, configured in persistence.conf. */
  public static final String READ_JOURNAL = "chaupal.acting-read-journal";

  private ActingEvents() {}

  public static <E> SourceProvider<Offset, EventEnvelope<E>> byTag(ActorSystem<?> system, String tag) {
    return EventSourcedProvider.eventsByTag(system, READ_JOURNAL, tag);
  }
}
