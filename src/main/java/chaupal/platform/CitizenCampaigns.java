package chaupal.platform;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import chaupal.broadcast.CampaignDelivery;
import chaupal.broadcast.CampaignMessage;
import chaupal.broadcast.ConsentRecording;
import chaupal.citizen.Citizen;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where broadcasts meet the citizens: each campaign message goes through the citizen's own entity,
 * which checks the consent and queues it behind the citizen's replies; a web form's consent goes into
 * the same entity, which decides whether it holds. A shape mapping with no rule of its own.
 */
final class CitizenCampaigns implements CampaignDelivery, ConsentRecording {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ClusterSharding sharding;

  CitizenCampaigns(ActorSystem<?> system) {
    this.sharding = ClusterSharding.get(system);
  }

  @Override
  public CompletionStage<Answer> deliver(String citizenId, CampaignMessage m) {
    Citizen.TemplateMessage template =
        new Citizen.TemplateMessage(m.templateName(), m.languageCode(), m.bodyParameters(), m.headerKind(), m.headerLink());
    return sharding.entityRefFor(Citizen.ENTITY_KEY, citizenId)
        .<Citizen.CampaignReceipt>askWithStatus(
            replyTo -> new Citizen.DeliverCampaign(m.campaignId(), m.channelId(), m.topic(), template, replyTo), ASK_TIMEOUT)
        .thenApply(receipt -> switch (receipt) {
          case QUEUED -> Answer.QUEUED;
          case ALREADY_QUEUED -> Answer.ALREADY_QUEUED;
          case NOT_SUBSCRIBED -> Answer.NOT_SUBSCRIBED;
        });
  }

  @Override
  public CompletionStage<Outcome> record(String citizenId, WrittenConsent c) {
    return sharding.entityRefFor(Citizen.ENTITY_KEY, citizenId)
        .<Citizen.ConsentReceipt>askWithStatus(replyTo -> new Citizen.ImportConsent(c.channelId(), c.topic(), c.language(), c.ulb(),
            c.ward(), c.consentedAt().toEpochMilli(), c.reference(), c.importedBy(), replyTo), ASK_TIMEOUT)
        .thenApply(receipt -> switch (receipt) {
          case RECORDED -> Outcome.RECORDED;
          case ALREADY_ACTIVE -> Outcome.ALREADY_ACTIVE;
          case ENDED_BY_CITIZEN -> Outcome.ENDED_BY_CITIZEN;
        });
  }
}
