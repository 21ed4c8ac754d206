package chaupal.platform;

import static akka.http.javadsl.server.Directives.*;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import chaupal.citizen.Citizen;
import chaupal.citizen.Retention;
import chaupal.conversation.ConversationEngine;
import chaupal.db.BlockingSql;
import chaupal.ingress.CitizenInbox;
import chaupal.ingress.LoadShedder;
import chaupal.ingress.UnroutableWebhooks;
import chaupal.ingress.WhatsAppWebhook;
import chaupal.outbound.DeliveryReport;
import chaupal.outbound.DeliveryTracker;
import chaupal.outbound.OutboundForgetting;
import chaupal.outbound.OutboundMetrics;
import chaupal.outbound.OutboxProjection;
import chaupal.outbound.OutboxSettings;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Simulator;
import chaupal.simulator.SimulatorSettings;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.CloudApiClient;
import chaupal.whatsapp.StatusUpdate;
import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one node runs, wired together: citizens, the outbox, delivery tracking, the webhook
 * ingress and, when no real Meta URL is configured, the simulator. Main starts it on a socket;
 * tests start it on their own actor system and database.
 */
public final class Node {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  static final String SIMULATOR_VERSION_PATH = "/simulator/v23.0";
  private static final java.time.Duration SHED_PROBE_EVERY = java.time.Duration.ofMillis(10);
  /** The dispatchers a webhook passes through, judged by the load shedder. */
  private static final Map<String, String> DISPATCHERS = Map.of(
      "default", "akka.actor.default-dispatcher", "internal", "akka.actor.internal-dispatcher");

  private final ActorSystem<?> system;
  private final PrometheusMeterRegistry metrics;
  private final DeliveryTracker deliveries;
  private final Optional<Simulator> simulator;
  private final Route routes;

  private Node(ActorSystem<?> system, PrometheusMeterRegistry metrics, DeliveryTracker deliveries,
      Optional<Simulator> simulator, Route routes) {
    this.system = system;
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.simulator = simulator;
    this.routes = routes;
  }

  public static Node start(ActorSystem<?> system, Settings settings, Directory directory, Database database) {
    Config config = system.settings().config();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Executor jdbc = BlockingSql.executor(system);

    Citizen.init(system, new ConversationEngine(directory), directory, citizenSettings(config));

    String selfBase = "http://127.0.0.1:" + settings.httpPort();
    Settings.WhatsApp wa = settings.whatsapp();
    Optional<Simulator> simulator = wa.simulated()
        ? Optional.of(new Simulator(system, simulatorSettings(config, directory, wa, selfBase + "/webhooks/whatsapp")))
        : Optional.empty();
    Map<String, Integer> rates = directory.channels().stream()
        .collect(Collectors.toMap(Channel::phoneNumberId, Channel::messagesPerSecond));
    OutboxSettings outbox = OutboxSettings.fromConfig(config).withRates(rates, OutboxSettings.DEFAULT_MESSAGES_PER_SECOND);
    // Twice the outbox's own limit: sends that timed out still hold their place in the pool, and an
    // overloaded run with no room left failed 150,000 sends with "max-open-requests exceeded".
    CloudApi api = new CloudApiClient(system, wa.simulated() ? selfBase + SIMULATOR_VERSION_PATH : wa.apiUrl(),
        wa.accessToken(), wa.sendTimeout(), 128, 2 * outbox.tagCount() * outbox.maxInFlight());
    OutboxProjection.init(system, outbox, new CitizenOutbox(), database.dataSource(), api, OutboundMetrics.micrometer(metrics));

    UnroutableWebhooks unroutable = new UnroutableWebhooks(database.dataSource(), jdbc);
    Retention.init(system, database.dataSource(), directory, List.of(new OutboundForgetting(), unroutable));

    DeliveryTracker deliveries = DeliveryTracker.create(system, database.dataSource());
    WhatsAppWebhook webhook = new WhatsAppWebhook(directory,
        CitizenInbox.sharded(system, settings.persistTimeout()),
        statuses -> deliveries.record(statuses.stream().map(Node::report).toList()),
        unroutable,
        wa.appSecret(), wa.verifyToken(), settings.maxBodyBytes(), settings.maxInFlight(),
        LoadShedder.start(system, DISPATCHERS, settings.shedAbove(), SHED_PROBE_EVERY, metrics), Materializer.matFromSystem(system), metrics);

    Route own = concat(
        webhook.route(),
        path("metrics", () -> get(() -> complete(HttpEntities.create(
            ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"), metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))))),
        path("ready", () -> get(() -> Cluster.get(system).selfMember().status() == MemberStatus.up()
            ? complete("ready") : complete(StatusCodes.SERVICE_UNAVAILABLE, "joining the cluster"))),
        pathSingleSlash(() -> get(() -> simulator.isPresent()
            ? redirect(akka.http.javadsl.model.Uri.create("/phone"), StatusCodes.FOUND)
            : complete("Chaupal: WhatsApp gateway. Webhooks at /webhooks/whatsapp, metrics at /metrics."))));
    Route routes = simulator.map(s -> concat(own, s.routes())).orElse(own);
    if (simulator.isPresent()) {
      log.warn("WHATSAPP_API_URL is not set: the built-in simulator stands in for Meta, with development secrets");
    }
    return new Node(system, metrics, deliveries, simulator, routes);
  }

  static Citizen.Settings citizenSettings(Config config) {
    Config c = config.getConfig("chaupal.citizen");
    return new Citizen.Settings(c.getDuration("dedup-window").toMillis(), c.getInt("dedup-max-entries"),
        c.getInt("snapshot-every"), config.getInt(OutboxSettings.TAG_SLICES));
  }

  private static SimulatorSettings simulatorSettings(Config config, Directory directory, Settings.WhatsApp wa, String webhookUrl) {
    Config c = config.getConfig("chaupal.simulator");
    int rateOverride = c.getInt("messages-per-second");
    boolean overridden = config.hasPath("chaupal.simulator.messages-per-second")
        && System.getenv("SIMULATOR_MESSAGES_PER_SECOND") != null;
    List<BusinessNumber> numbers = directory.channels().stream()
        .map(ch -> new BusinessNumber(ch.phoneNumberId(), ch.displayNumber(), ch.name(), ch.languages(),
            overridden ? rateOverride : ch.messagesPerSecond()))
        .toList();
    SimulatorSettings.Tuning tuning = SimulatorSettings.Tuning.DEFAULT;
    tuning = tuning.withCapacity(tuning.historyPerConversation(), tuning.maxConversations(),
        c.getInt("max-stored-messages"), tuning.mediaBytes());
    return new SimulatorSettings(webhookUrl, wa.appSecret(), wa.accessToken(), numbers, rateOverride,
        c.getBoolean("status-webhooks"), c.getBoolean("enforce-service-window"), c.getDuration("status-delay"), tuning);
  }

  private static DeliveryReport report(StatusUpdate s) {
    ApiError error = s.errors().isEmpty() ? null : s.errors().get(0);
    return new DeliveryReport(s.wamid(), s.status(), s.timestamp(), error == null ? null : error.code(),
        error == null ? null : error.title(), s.recipientId());
  }

  public Route routes() {
    return routes;
  }

  public Optional<Simulator> simulator() {
    return simulator;
  }

  public DeliveryTracker deliveries() {
    return deliveries;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public ActorSystem<?> system() {
    return system;
  }
}
