package chaupal.platform;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import chaupal.cases.Case;
import chaupal.citizen.Citizen;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

/**
 * The node's own figures for its operator, beside each part's: cluster members by status and the
 * unreachable ones as this node sees them, the citizens and cases whose entities live here (polled
 * from sharding every {@link #ENTITY_POLL}), and the journal's write latency.
 */
final class OperatorMetrics {

  /** Counting entities asks every shard of this node's region: cheap, but not for every scrape. */
  static final Duration ENTITY_POLL = Duration.ofSeconds(5);

  private static final List<MemberStatus> STATUSES = List.of(MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
      MemberStatus.leaving(), MemberStatus.exiting(), MemberStatus.down());

  private OperatorMetrics() {}

  static void bind(ActorSystem<?> system, MeterRegistry registry) {
    Cluster cluster = Cluster.get(system);
    for (MemberStatus status : STATUSES) {
      Gauge.builder("chaupal.cluster.members", cluster, c -> members(c.state(), status))
          .description("members of the cluster by status, as this node sees them")
          .tag("status", statusName(status)).register(registry);
    }
    Gauge.builder("chaupal.cluster.unreachable.members", cluster, c -> c.state().getUnreachable().size())
        .description("members this node's failure detector cannot reach").register(registry);
    entities(system, registry, Citizen.ENTITY_KEY, "citizen");
    entities(system, registry, Case.ENTITY_KEY, "case");
    JournalWrites.get(system).reportTo(registry);
  }

  private static long members(ClusterEvent.CurrentClusterState state, MemberStatus status) {
    return StreamSupport.stream(state.getMembers().spliterator(), false).map(Member::status).filter(status::equals).count();
  }

  private static String statusName(MemberStatus status) {
    return status.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static void entities(ActorSystem<?> system, MeterRegistry registry, EntityTypeKey<?> key, String type) {
    AtomicLong count = new AtomicLong();
    Gauge.builder("chaupal.entities.active", count, AtomicLong::get).description("entities alive on this node, by type")
        .tag("type", type).register(registry);
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, ENTITY_POLL, () ->
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(ClusterSharding.get(system).shardState(),
                replyTo -> new GetShardRegionState(key, replyTo), ENTITY_POLL, system.scheduler())
            .thenAccept(state -> count.set(state.getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum())),
        system.executionContext());
  }
}
