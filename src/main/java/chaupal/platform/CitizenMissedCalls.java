package chaupal.platform;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.citizen.Citizen;
import chaupal.ingress.MissedCalls;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Where a checked missed call meets the caller's entity, which decides whether a welcome goes out. */
final class CitizenMissedCalls implements MissedCalls {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterSharding sharding;
  private final long quietMillis;

  CitizenMissedCalls(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
    this.quietMillis = system.settings().config().getDuration("chaupal.missed-call.quiet-time").toMillis();
  }

  @Override
  public CompletionStage<Done> heard(String channelId, String callerWaId, long atMillis, String callId) {
    return sharding.entityRefFor(Citizen.ENTITY_KEY, callerWaId).askWithStatus(
        replyTo -> new Citizen.HearMissedCall(callId, channelId, atMillis, quietMillis, replyTo), ASK_TIMEOUT);
  }
}
