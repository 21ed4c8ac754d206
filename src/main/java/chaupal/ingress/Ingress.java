package chaupal.ingress;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.db.BlockingSql;
import chaupal.outbound.DeliveryReport;
import chaupal.outbound.DeliveryTracker;
import chaupal.outbound.TemplateBook;
import chaupal.tenancy.Directory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The webhook ingress of one node: messages to their citizens, statuses to delivery tracking,
 * the rest set aside as unroutable; its load shedder watches the dispatchers a webhook passes.
 */
public final class Ingress {

  private static final Duration SHED_PROBE_EVERY = Duration.ofMillis(10);
  /** The dispatchers a webhook passes through, judged by the load shedder. */
  private static final Map<String, String> DISPATCHERS = Map.of(
      "default", "akka.actor.default-dispatcher", "internal", "akka.actor.internal-dispatcher");

  private final Route route;
  private final UnroutableWebhooks unroutable;
  private final LoadShedder shedder;

  private Ingress(Route route, UnroutableWebhooks unroutable, LoadShedder shedder) {
    this.route = route;
    this.unroutable = unroutable;
    this.shedder = shedder;
  }

  /** {@code appSecret} checks the signatures, {@code verifyToken} answers Meta's subscription check. */
  public static Ingress init(ActorSystem<?> system, IngressSettings settings, String appSecret, String verifyToken,
      Directory directory, DataSource dataSource, DeliveryTracker deliveries, MeterRegistry metrics) {
    return init(system, settings, appSecret, verifyToken, directory, dataSource, deliveries, null, null, metrics);
  }

  /** As above, template webhooks kept in {@code templates} (null: acknowledged and dropped); no marketing preferences. */
  public static Ingress init(ActorSystem<?> system, IngressSettings settings, String appSecret, String verifyToken,
      Directory directory, DataSource dataSource, DeliveryTracker deliveries, TemplateBook templates, MeterRegistry metrics) {
    return init(system, settings, appSecret, verifyToken, directory, dataSource, deliveries, null, templates, metrics);
  }

  /**
   * Everything: the citizens' marketing preferences ({@code user_preferences}; null leaves them
   * unwired: 503), and template webhooks kept in {@code templates} (null: acknowledged and dropped).
   */
  public static Ingress init(ActorSystem<?> system, IngressSettings settings, String appSecret, String verifyToken,
      Directory directory, DataSource dataSource, DeliveryTracker deliveries, MarketingPreferences marketing,
      TemplateBook templates, MeterRegistry metrics) {
    UnroutableWebhooks unroutable = new UnroutableWebhooks(dataSource, BlockingSql.executor(system));
    LoadShedder shedder = LoadShedder.start(system, DISPATCHERS, settings.shedAbove(), SHED_PROBE_EVERY, metrics);
    WhatsAppWebhook webhook = new WhatsAppWebhook(directory,
        CitizenInbox.sharded(system, settings, metrics),
        statuses -> deliveries.record(statuses.stream().map(DeliveryReport::of).toList()),
        marketing == null ? WhatsAppWebhook.UNHEARD : marketing,
        templates == null ? WhatsAppWebhook.TemplateNews.IGNORED : templates::apply,
        unroutable, appSecret, verifyToken, settings.maxBodyBytes(), settings.maxInFlight(),
        shedder, Materializer.matFromSystem(system), metrics);
    return new Ingress(webhook.route(), unroutable, shedder);
  }

  public Route route() {
    return route;
  }

  /**
   * How long citizens' webhooks wait on this node now, in nanoseconds: the longest of the waits the
   * load shedder judges by (a thread on the webhook's dispatchers, the journal's standing queue).
   */
  public long citizensWaitingNanos() {
    return shedder.lagNanos();
  }

  /** Forgets unroutable webhooks by age (the retention sweep calls it). */
  public UnroutableWebhooks forgetting() {
    return unroutable;
  }
}
