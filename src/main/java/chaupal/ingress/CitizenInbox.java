package chaupal.ingress;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.citizen.Citizen;
import chaupal.citizen.CitizenMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Hands one inbound message to its citizen's entity; completes once the journal has it. */
public interface CitizenInbox {

  CompletionStage<Citizen.Receipt> deliver(String citizenKey, CitizenMessage message, long receivedAtMillis);

  /** One ask of a citizen's entity, failed with a {@link java.util.concurrent.TimeoutException} when no answer comes within {@code timeout}. */
  interface Ask {
    CompletionStage<Citizen.Receipt> ask(String citizenKey, CitizenMessage message, long receivedAtMillis, Duration timeout);
  }

  /** The citizens' sharded entities, asked again while {@code settings.persistTimeout()} lasts. */
  static CitizenInbox sharded(ActorSystem<?> system, IngressSettings settings, MeterRegistry metrics) {
    ClusterSharding sharding = ClusterSharding.get(system);
    Ask ask = (key, message, at, timeout) -> sharding.entityRefFor(Citizen.ENTITY_KEY, key)
        .askWithStatus(replyTo -> new Citizen.Receive(message, at, replyTo), timeout);
    return new ReaskingInbox(ask, settings.persistTimeout(), settings.persistAttempt(), system, metrics);
  }
}
