package chaupal.outbound;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ShardedDaemonProcessSettings;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.persistence.jdbc.query.javadsl.JdbcReadJournal;
import akka.persistence.query.Offset;
import akka.projection.ProjectionBehavior;
import akka.projection.ProjectionId;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.eventsourced.javadsl.EventSourcedProvider;
import akka.projection.javadsl.GroupedProjection;
import akka.projection.jdbc.javadsl.JdbcProjection;
import chaupal.CborSerializable;
import chaupal.db.BlockingSql;
import chaupal.whatsapp.CloudApi;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The outbox: {@code tagCount} workers under a sharded daemon process. Worker n runs, side by side,
 * the projection of tag {@code prefix-n} (events to outbox rows, exactly once: the rows and the
 * offset commit in one transaction) and the sender of partition n, to which the projection hands
 * the rows of each commit. The sender also polls the table, for restarts and retries.
 *
 * <p>The tags are the citizens' neutral slice tags ({@code citizen-n}), which every citizen event
 * carries; the handler takes the events that ask for messages. A journal written before them has
 * its events tagged {@code outbox-n} and offsets under that id: the projection of
 * {@code citizen-n} starts at the first event so tagged, i.e. at the first event written after
 * the upgrade. Nothing is lost when the old outbox had projected every event before it stopped
 * (its rows stay in the table and are sent as usual); an operator who cannot be sure stops
 * ingress, waits for the outbox to catch up, then upgrades, or resets the database (no
 * production data exists yet).
 */
public final class OutboxProjection {

  /** Messages of a worker. */
  public interface Command extends CborSerializable {}

  /** Sent by the sharded daemon process on hand-over and shutdown: stop the projection, drain the sender. */
  public enum Stop implements Command { INSTANCE }

  /** Journal writes can commit this late (slow disk, long batch) and still be seen; see persistence.conf. */
  static final Duration MIN_GAP_TOLERANCE = Duration.ofSeconds(30);

  private OutboxProjection() {}

  public static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics) {
    init(system, settings, source, dataSource, api, metrics, System::nanoTime);
  }

  /** As above, refusing templates the registry knows are not approved; no stored media to send. */
  public static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, TemplateRegistry templates) {
    init(system, settings, source, dataSource, api, StoredMediaSend.none(dataSource, BlockingSql.executor(system)), metrics,
        System::nanoTime, templates);
  }

  /** As above, with the clock of the channel throttle given (tests freeze it); no stored media, no templates known. */
  static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, LongSupplier throttleClock) {
    init(system, settings, source, dataSource, api, StoredMediaSend.none(dataSource, BlockingSql.executor(system)), metrics,
        throttleClock, TemplateRegistry.NONE);
  }

  static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier throttleClock) {
    init(system, settings, source, dataSource, api, storedMedia, metrics, throttleClock, TemplateRegistry.NONE);
  }

  static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier throttleClock, TemplateRegistry templates) {
    init(system, settings, source, dataSource, api, storedMedia, metrics, throttleClock, templates, MarketingRefusals.NONE);
  }

  /** As above, telling {@code refusals} of a send Meta refused because the citizen stopped marketing (131050). */
  static void init(ActorSystem<?> system, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      CloudApi api, StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier throttleClock, TemplateRegistry templates,
      MarketingRefusals refusals) {
    warnIfGapsAreGivenUpEarly(system);
    OutboxStore store = new OutboxStore(dataSource, BlockingSql.executor(system));
    ShardedDaemonProcess.get(system).init(
        Command.class,
        settings.projectionName(),
        settings.tagCount(),
        partition -> worker(partition, settings, source, dataSource, store, api, storedMedia, metrics, throttleClock, templates, refusals),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(Stop.INSTANCE));
  }

  // eventsByTag skips an event whose write commits after the gap tolerance: that reply would never be sent.
  private static void warnIfGapsAreGivenUpEarly(ActorSystem<?> system) {
    Config retrieval = system.settings().config().getConfig(JdbcReadJournal.Identifier() + ".journal-sequence-retrieval");
    Duration tolerance = retrieval.getDuration("query-delay").multipliedBy(retrieval.getInt("max-tries"));
    if (tolerance.compareTo(MIN_GAP_TOLERANCE) < 0) {
      system.log().warn("The read journal gives up on a gap in the journal after {}; a reply whose write commits later is never sent. "
          + "Use at least {} (journal-sequence-retrieval.max-tries x query-delay).", tolerance, MIN_GAP_TOLERANCE);
    }
  }

  private static Behavior<Command> worker(int partition, OutboxSettings settings, OutboxSource source, DataSource dataSource,
      OutboxStore store, CloudApi api, StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier throttleClock,
      TemplateRegistry templates, MarketingRefusals refusals) {
    return Behaviors.setup(ctx -> {
      ActorRef<OutboxSender.Command> sender = ctx.spawn(
          OutboxSender.create(partition, settings, store, api, storedMedia, metrics, throttleClock, templates, refusals), "sender");
      ActorRef<ProjectionBehavior.Command> projection =
          ctx.spawn(ProjectionBehavior.create(projection(ctx, partition, settings, source, dataSource, sender)), "projection");
      ctx.watch(sender);
      ctx.watch(projection);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Stop.INSTANCE, () -> {
            projection.tell(ProjectionBehavior.stopMessage());
            sender.tell(OutboxSender.Drain.INSTANCE);
            return stopping(2);
          })
          .onSignal(Terminated.class, t -> {
            // The daemon process starts the worker again, with a fresh sender that reads the outbox anew.
            ctx.getLog().warn("Outbox worker {} lost {}; stopping to be restarted", partition, t.getRef().path().name());
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(ActorContext<Command> ctx, int partition,
      OutboxSettings settings, OutboxSource source, DataSource dataSource, ActorRef<OutboxSender.Command> sender) {
    String tag = settings.tag(partition);
    return JdbcProjection.groupedWithin(
            ProjectionId.of(settings.projectionName(), tag),
            EventSourcedProvider.<Object>eventsByTag(ctx.getSystem(), JdbcReadJournal.Identifier(), tag),
            () -> new OutboxSession(dataSource, rows -> sender.tell(new OutboxSender.Committed(rows))),
            () -> new OutboxHandler(source, partition),
            ctx.getSystem())
        .withGroup(settings.groupSize(), settings.groupWithin());
  }

  private static Behavior<Command> stopping(int childrenLeft) {
    if (childrenLeft == 0) return Behaviors.stopped();
    return Behaviors.receive(Command.class)
        .onSignal(Terminated.class, t -> stopping(childrenLeft - 1))
        .build();
  }
}
