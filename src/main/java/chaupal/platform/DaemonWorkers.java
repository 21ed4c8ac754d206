package chaupal.platform;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.ClusterEvent;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ClusterSharding;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.GetClusterShardingStats;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import chaupal.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Starts the workers of every sharded daemon process (the outbox, the projections, the sweeps) again
 * at once after they moved, instead of at Akka's next keep-alive (up to 10 s, while their replies wait).
 * A worker stopped by a hand-over starts only when a message reaches its shard: for a few seconds after
 * a member joins or leaves, after this node's own region lost a worker to a rebalance, and after another
 * node said it is about to hand its workers over, every worker is sent {@link ShardRegion.StartEntity}
 * (what Akka's keep-alive sends). A ping sent during the hand-over waits at the coordinator and starts
 * the worker as soon as its old home has stopped it; membership says Leaving only after the hand-over.
 * Never while this node stops: a ping that finds its own region shutting down holds the graceful stop.
 *
 * <p>The workers are learnt from the cluster's shards: a daemon process started without rescaling has
 * one shard per worker, named by the worker's number, as the worker's entity is.
 */
final class DaemonWorkers {

  private static final String DAEMON_PREFIX = "sharded-daemon-process-";
  /** How often the local regions are read, and how often a burst pings. */
  private static final Duration TICK = Duration.ofMillis(500);
  /** How long a burst pings: a hand-over's shard finds its new home within a few retry-intervals (0.5 s). */
  private static final Duration BURST = Duration.ofSeconds(5);
  /** Workers of a process are learnt again this often, and at every membership change. */
  private static final Duration LEARN_EVERY = Duration.ofSeconds(30);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  interface Command {}

  /** From a node whose shutdown is about to hand its workers over. */
  enum HandingOver implements Command, CborSerializable { INSTANCE }

  private static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "daemon-workers");

  private enum Tick implements Command { INSTANCE }

  private enum Learn implements Command { INSTANCE }

  private enum Ignored implements Command { INSTANCE }

  private record MembershipChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record LocalWorkers(String typeName, Set<String> workers) implements Command {}

  private record ClusterWorkers(String typeName, Set<String> workers) implements Command {}

  private record Others(Receptionist.Listing listing) implements Command {}

  private DaemonWorkers() {}

  /** Once every daemon process of this node is started (their regions exist). */
  static void start(ActorSystem<?> system) {
    system.systemActorOf(behavior(), "daemon-workers", akka.actor.typed.Props.empty());
  }

  private static Behavior<Command> behavior() {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new), ClusterEvent.MemberEvent.class));
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      timers.startTimerWithFixedDelay(Learn.INSTANCE, Duration.ZERO, LEARN_EVERY);
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(KEY, ctx.messageAdapter(Receptionist.Listing.class, Others::new)));
      // Read off the actor, which may have stopped by then; the phase comes right before the regions hand over.
      AtomicReference<Set<ActorRef<Command>>> others = new AtomicReference<>(Set.of());
      CoordinatedShutdown.get(Adapter.toClassic(ctx.getSystem())).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(),
          "start-daemon-workers-elsewhere", () -> {
            others.get().forEach(other -> other.tell(HandingOver.INSTANCE));
            return CompletableFuture.completedFuture(Done.getInstance());
          });
      return new Pinging(ctx, others).behavior();
    }));
  }

  private static final class Pinging {
    private final ActorContext<Command> ctx;
    private final ClusterSharding sharding;
    private final CoordinatedShutdown shutdown;
    private final akka.actor.ActorRef acks;
    /** Every worker seen per daemon process's type name: they never change without rescaling. */
    private final Map<String, Set<String>> known = new HashMap<>();
    /** The workers this node's region ran at its last reading. */
    private final Map<String, Set<String>> local = new HashMap<>();
    private final AtomicReference<Set<ActorRef<Command>>> others;
    private long burstUntilNanos = System.nanoTime();

    Pinging(ActorContext<Command> ctx, AtomicReference<Set<ActorRef<Command>>> others) {
      this.ctx = ctx;
      this.others = others;
      this.sharding = ClusterSharding.get(Adapter.toClassic(ctx.getSystem()));
      this.shutdown = CoordinatedShutdown.get(Adapter.toClassic(ctx.getSystem()));
      this.acks = Adapter.toClassic(ctx.messageAdapter(ShardRegion.StartEntityAck.class, ack -> Ignored.INSTANCE));
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(Tick.class, tick -> {
            if (stopping()) return Behaviors.stopped();
            if (System.nanoTime() - burstUntilNanos < 0) ping();
            typeNames().forEach(this::readLocal);
            return Behaviors.same();
          })
          .onMessage(Learn.class, learn -> {
            typeNames().forEach(this::learn);
            return Behaviors.same();
          })
          .onMessage(MembershipChanged.class, changed -> {
            if (!moves(changed.event())) return Behaviors.same();
            ctx.getLog().debug("{}: starting the daemon processes' workers", changed.event());
            typeNames().forEach(this::learn);
            burst();
            return Behaviors.same();
          })
          .onMessage(ClusterWorkers.class, workers -> {
            known.computeIfAbsent(workers.typeName(), n -> new HashSet<>()).addAll(workers.workers());
            return Behaviors.same();
          })
          .onMessage(LocalWorkers.class, workers -> {
            known.computeIfAbsent(workers.typeName(), n -> new HashSet<>()).addAll(workers.workers());
            Set<String> before = local.put(workers.typeName(), workers.workers());
            Set<String> gone = new HashSet<>(before == null ? Set.of() : before);
            gone.removeAll(workers.workers());
            if (!gone.isEmpty()) {
              ctx.getLog().debug("Workers {} of {} left this node: starting them elsewhere", gone, workers.typeName());
              burst();
            }
            return Behaviors.same();
          })
          .onMessageEquals(HandingOver.INSTANCE, () -> {
            burst();
            return Behaviors.same();
          })
          .onMessage(Others.class, listed -> {
            others.set(listed.listing().getServiceInstances(KEY).stream().filter(o -> !o.equals(ctx.getSelf())).collect(Collectors.toSet()));
            return Behaviors.same();
          })
          .onMessageEquals(Ignored.INSTANCE, Behaviors::same)
          .build();
    }

    /** A member that comes or goes: shards are handed over to it, or were from it. */
    private static boolean moves(ClusterEvent.MemberEvent event) {
      return event instanceof ClusterEvent.MemberUp || event instanceof ClusterEvent.MemberLeft
          || event instanceof ClusterEvent.MemberExited || event instanceof ClusterEvent.MemberRemoved;
    }

    /** Only a member that is Up and not stopping pings; see the class comment. */
    private void burst() {
      if (stopping() || Cluster.get(ctx.getSystem()).selfMember().status() != MemberStatus.up()) return;
      burstUntilNanos = System.nanoTime() + BURST.toNanos();
      ping();
    }

    private void ping() {
      known.forEach((typeName, workers) -> {
        akka.actor.ActorRef region = sharding.shardRegion(typeName);
        for (String worker : workers) {
          if (stopping()) return;
          region.tell(new ShardRegion.StartEntity(worker), acks);
        }
      });
    }

    private boolean stopping() {
      return shutdown.getShutdownReason().isPresent();
    }

    private Set<String> typeNames() {
      return sharding.getShardTypeNames().stream().filter(n -> n.startsWith(DAEMON_PREFIX)).collect(Collectors.toSet());
    }

    private void readLocal(String typeName) {
      ctx.ask(ShardRegion.CurrentShardRegionState.class, shardState(), ASK_TIMEOUT,
          replyTo -> new GetShardRegionState(key(typeName), replyTo),
          (state, failure) -> state == null ? Ignored.INSTANCE : new LocalWorkers(typeName,
              state.getShards().stream().map(ShardRegion.ShardState::shardId).collect(Collectors.toSet())));
    }

    private void learn(String typeName) {
      ctx.ask(ShardRegion.ClusterShardingStats.class, shardState(), ASK_TIMEOUT,
          replyTo -> new GetClusterShardingStats(key(typeName), ASK_TIMEOUT, replyTo),
          (stats, failure) -> stats == null ? Ignored.INSTANCE : new ClusterWorkers(typeName,
              stats.getRegions().values().stream().flatMap(r -> r.getStats().keySet().stream()).collect(Collectors.toSet())));
    }

    private ActorRef<akka.cluster.sharding.typed.ClusterShardingQuery> shardState() {
      return akka.cluster.sharding.typed.javadsl.ClusterSharding.get(ctx.getSystem()).shardState();
    }

    private static EntityTypeKey<Object> key(String typeName) {
      return EntityTypeKey.create(Object.class, typeName);
    }
  }
}
