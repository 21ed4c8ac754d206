package chaupal.broadcast;

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
import chaupal.db.BlockingSql;
import chaupal.db.HandOverSession;
import chaupal.tenancy.Directory;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The consent read model: one worker per citizen tag ({@code citizen-acts-<n>}) under a sharded
 * daemon process writes each consent given or ended to {@code broadcast_subscription}, rows and
 * offset in one transaction (exactly once). An event that commits late is still read: the read
 * journal waits for a gap as long as persistence.conf says (see the late-commit test).
 */
public final class Subscriptions {

  public static final String PROJECTION = "broadcast-subscriptions";

  /** The citizens' events that ask another part to act carry this tag (citizen.Citizen.ACTS_TAG_PREFIX). */
  static final String CITIZEN_TAG_PREFIX = "citizen-acts";

  static final String CITIZEN_TAG_SLICES = "chaupal.citizen.tag-slices";

  private static final int GROUP_SIZE = 200;
  private static final Duration GROUP_WITHIN = Duration.ofMillis(50);

  private final Audience audience;

  private Subscriptions(Audience audience) {
    this.audience = audience;
  }

  /** Starts the consent projection on this node; reads {@code chaupal.citizen.tag-slices}. */
  public static Subscriptions init(ActorSystem<?> system, DataSource dataSource, ConsentSource consents, Directory directory) {
    int slices = system.settings().config().getInt(CITIZEN_TAG_SLICES);
    ShardedDaemonProcess.get(system).init(
        akka.projection.ProjectionBehavior.Command.class,
        PROJECTION,
        slices,
        slice -> ProjectionBehavior.create(projection(system, dataSource, consents, directory, CITIZEN_TAG_PREFIX + "-" + slice)),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
    return new Subscriptions(new Audience(dataSource, BlockingSql.executor(system)));
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(ActorSystem<?> system, DataSource dataSource,
      ConsentSource consents, Directory directory, String tag) {
    return JdbcProjection.groupedWithin(
            ProjectionId.of(PROJECTION, tag),
            ActingEvents.<Object>byTag(system, tag),
            () -> new HandOverSession<Object>(dataSource, "consent", rows -> {}),
            () -> new SubscriptionHandler(consents, directory),
            system)
        .withGroup(GROUP_SIZE, GROUP_WITHIN);
  }

  /** Who may get a campaign: counts and pages of the consents that hold. */
  public Audience audience() {
    return audience;
  }
}
