package chaupal.ingress;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.citizen.Citizen;
import chaupal.citizen.CitizenMessage;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Hands one inbound message to its citizen's entity; completes once the journal has it. */
public interface CitizenInbox {

  CompletionStage<Citizen.Receipt> deliver(String citizenKey, CitizenMessage message, long receivedAtMillis);

  static CitizenInbox sharded(ActorSystem<?> system, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return (key, message, at) -> sharding.entityRefFor(Citizen.ENTITY_KEY, key)
        .askWithStatus(replyTo -> new Citizen.Receive(message, at, replyTo), timeout);
  }
}
