package chaupal.outbound;

import akka.actor.typed.ActorSystem;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudApi;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The outbound part of one node: the outbox (projection and sender) and delivery tracking. */
public final class Outbound {

  private final DeliveryTracker deliveries;

  private Outbound(DeliveryTracker deliveries) {
    this.deliveries = deliveries;
  }

  /** Starts the outbox on {@code chaupal.outbound}, each channel throttled to its messages_per_second. */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics) {
    return init(system, directory, source, dataSource, api, metrics, TemplateRegistry.NONE);
  }

  /** As above; a template that {@code templates} knows is not approved is not sent (see {@link TemplateBook}). */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, TemplateRegistry templates) {
    Map<String, Integer> rates = directory.channels().stream()
        .collect(Collectors.toMap(Channel::phoneNumberId, Channel::messagesPerSecond));
    OutboxSettings outbox = OutboxSettings.fromConfig(system.settings().config())
        .withRates(rates, OutboxSettings.DEFAULT_MESSAGES_PER_SECOND);
    OutboxProjection.init(system, outbox, source, dataSource, api, metrics, templates);
    return new Outbound(DeliveryTracker.create(system, dataSource));
  }

  public DeliveryTracker deliveries() {
    return deliveries;
  }

  /** Forgets a citizen's messages, statuses and windows (the retention sweep calls it). */
  public OutboundForgetting forgetting() {
    return new OutboundForgetting();
  }
}
