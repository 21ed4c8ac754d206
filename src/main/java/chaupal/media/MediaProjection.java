package chaupal.media;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.query.Offset;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.GroupedProjection;
import akka.projection.jdbc.javadsl.JdbcProjection;
import chaupal.db.ActingEvents;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The media projection: one worker per citizen tag ({@code citizen-n}) under a sharded daemon
 * process records every attachment as a pending row exactly once (rows and offset in one
 * transaction) and hands the rows to the fetcher of the node it runs on. It never waits for a
 * download, so a slow or failing Cloud API never holds up the citizen's events.
 */
final class MediaProjection {

  private MediaProjection() {}

  static void init(ActorSystem<?> system, MediaSettings settings, MediaSource source, DataSource dataSource,
      ActorRef<MediaFetcher.Command> fetcher) {
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        settings.projectionName(),
        settings.tagCount(),
        partition -> ProjectionBehavior.create(projection(system, settings, partition, source, dataSource, fetcher)),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(ActorSystem<?> system, MediaSettings settings,
      int partition, MediaSource source, DataSource dataSource, ActorRef<MediaFetcher.Command> fetcher) {
    String tag = settings.tag(partition);
    return JdbcProjection.groupedWithin(
            ProjectionId.of(settings.projectionName(), tag),
            ActingEvents.<Object>byTag(system, tag),
            () -> new MediaSession(dataSource, rows -> fetcher.tell(new MediaFetcher.Recorded(rows))),
            () -> new MediaHandler(source, settings.claimFor()),
            system)
        .withGroup(settings.groupSize(), settings.groupWithin());
  }
}
