package chaupal.outbound;

import akka.actor.typed.ActorSystem;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.db.BlockingSql;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.CloudUpload;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** The outbound part of one node: the outbox (projection and sender) and delivery tracking. */
public final class Outbound {

  private final DeliveryTracker deliveries;

  private final Runnable sending;
  private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

  private Outbound(DeliveryTracker deliveries, Runnable sending) {
    this.deliveries = deliveries;
    this.sending = sending;
  }

  /** Starts the outbox on {@code chaupal.outbound}, each channel throttled to its messages_per_second; it sends no stored media. */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics) {
    return init(system, directory, source, dataSource, api, metrics, OutboundMedia.NONE, StoredMediaSend.NO_UPLOADS);
  }

  /** As above; a template that {@code templates} knows is not approved is not sent (see {@link TemplateBook}). */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, TemplateRegistry templates) {
    return init(system, directory, source, dataSource, api, metrics, OutboundMedia.NONE, StoredMediaSend.NO_UPLOADS, null, templates);
  }

  /**
   * As above, sending stored media ({@link MessageIntent#storedMedia}) read from {@code media} and uploaded
   * to each channel through {@code uploads} (the Cloud API client).
   */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, OutboundMedia media, CloudUpload uploads) {
    return init(system, directory, source, dataSource, api, metrics, media, uploads, null, TemplateRegistry.NONE);
  }

  /**
   * Everything: {@code refusals} hears of citizens who stopped marketing messages (131050), or null;
   * a template {@code templates} knows is not approved is not sent.
   */
  public static Outbound init(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, OutboundMedia media, CloudUpload uploads, MarketingRefusals refusals,
      TemplateRegistry templates) {
    Outbound outbound = prepare(system, directory, source, dataSource, api, metrics, media, uploads, refusals, templates);
    outbound.startSending();
    return outbound;
  }

  /**
   * As {@link #init}, but the outbox starts sending only at {@link #startSending()}: a node whose
   * Meta is the simulator it serves itself starts once its port is bound, so that no send of a
   * message left from before a crash meets a refused connection (and the client's back-off).
   */
  public static Outbound prepare(ActorSystem<?> system, Directory directory, OutboxSource source, DataSource dataSource,
      CloudApi api, OutboundMetrics metrics, OutboundMedia media, CloudUpload uploads, MarketingRefusals refusals,
      TemplateRegistry templates) {
    Map<String, Integer> rates = directory.channels().stream()
        .collect(Collectors.toMap(Channel::phoneNumberId, Channel::messagesPerSecond));
    OutboxSettings outbox = OutboxSettings.fromConfig(system.settings().config())
        .withRates(rates, OutboxSettings.DEFAULT_MESSAGES_PER_SECOND);
    StoredMediaSend storedMedia = new StoredMediaSend(media, uploads, dataSource, BlockingSql.executor(system));
    Runnable sending = () -> OutboxProjection.init(system, outbox, source, dataSource, api, storedMedia, metrics, System::nanoTime,
        templates, refusals == null ? MarketingRefusals.NONE : refusals);
    return new Outbound(refusals == null ? DeliveryTracker.create(system, dataSource) : DeliveryTracker.create(system, dataSource, refusals),
        sending);
  }

  /** Starts the outbox's projections and senders (once; a second call does nothing). */
  public void startSending() {
    if (started.compareAndSet(false, true)) sending.run();
  }

  public DeliveryTracker deliveries() {
    return deliveries;
  }

  /** Forgets a citizen's messages, statuses and windows (the retention sweep calls it). */
  public OutboundForgetting forgetting() {
    return new OutboundForgetting();
  }
}
