package chaupal.platform;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.citizen.Citizen;
import chaupal.ingress.MarketingPreferences;
import chaupal.outbound.MarketingRefusals;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where Meta's word on a citizen's marketing messages meets their entity: a {@code user_preferences}
 * stop or resume, or a send refused with 131050. The entity decides what ends and what comes back.
 */
final class CitizenMarketing implements MarketingPreferences, MarketingRefusals {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterSharding sharding;

  CitizenMarketing(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  @Override
  public CompletionStage<Done> heard(String channelId, String waId, boolean stop, long atMillis, String key) {
    return ask(waId, key, channelId, stop, atMillis, "user-preferences");
  }

  @Override
  public CompletionStage<Done> stopped(String phoneNumberId, String recipient, long atMillis) {
    return ask(recipient, "meta-131050/" + phoneNumberId + "/" + atMillis, phoneNumberId, true, atMillis, "meta-131050");
  }

  private CompletionStage<Done> ask(String citizen, String key, String channelId, boolean stop, long atMillis, String reason) {
    return sharding.entityRefFor(Citizen.ENTITY_KEY, citizen).askWithStatus(
        replyTo -> new Citizen.HearMarketingPreference(key, channelId, stop, atMillis, reason, replyTo), ASK_TIMEOUT);
  }
}
