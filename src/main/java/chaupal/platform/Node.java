package chaupal.platform;

import static akka.http.javadsl.server.Directives.concat;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.Route;
import chaupal.broadcast.CampaignForgetting;
import chaupal.broadcast.BroadcastSettings;
import chaupal.broadcast.Campaigns;
import chaupal.broadcast.ClusterCitizensWaiting;
import chaupal.broadcast.SubscriptionForgetting;
import chaupal.broadcast.Subscriptions;
import chaupal.cases.CaseBook;
import chaupal.cases.CaseDesk;
import chaupal.cases.Cases;
import chaupal.cases.DeadlineWatch;
import chaupal.citizen.Citizen;
import chaupal.console.AuditRetention;
import chaupal.console.Console;
import chaupal.db.BlockingSql;
import chaupal.media.Media;
import chaupal.whatsapp.CloudApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import chaupal.citizen.Retention;
import chaupal.conversation.ConversationEngine;
import chaupal.ingress.Ingress;
import chaupal.outbound.DeliveryTracker;
import chaupal.ingress.MissedCallEntry;
import chaupal.outbound.Outbound;
import chaupal.outbound.TemplateBook;
import chaupal.outbound.OutboundMedia;
import chaupal.outbound.OutboundMetrics;
import chaupal.simulator.BusinessNumber;
import chaupal.simulator.Simulator;
import chaupal.simulator.SimulatorSettings;
import chaupal.tenancy.Directory;
import chaupal.whatsapp.CloudApiSettings;
import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
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

  private final ActorSystem<?> system;
  private final PrometheusMeterRegistry metrics;
  private final DeliveryTracker deliveries;
  private final Optional<Simulator> simulator;
  private final Route routes;
  private final TemplateBook templates;
  private final Outbound outbound;

  private Node(ActorSystem<?> system, PrometheusMeterRegistry metrics, DeliveryTracker deliveries,
      Optional<Simulator> simulator, Route routes, TemplateBook templates, Outbound outbound) {
    this.templates = templates;
    this.outbound = outbound;
    this.system = system;
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.simulator = simulator;
    this.routes = routes;
  }

  public static Node start(ActorSystem<?> system, Settings settings, Directory directory, Database database) {
    Config config = system.settings().config();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics.bind(system, metrics);
    CloudApiSettings wa = settings.whatsapp();
    String selfBase = "http://127.0.0.1:" + settings.httpPort();

    Clock clock = Clock.systemUTC();
    Cases cases = Cases.init(system, directory, database.dataSource(), new CitizenFilings(), new CitizenCaseNews(system, directory), clock,
        metrics);
    Citizen.init(system, new ConversationEngine(directory), directory, Citizen.Settings.from(config),
        (prefix, now) -> cases.numbers().reserve(prefix, now));
    Optional<Simulator> simulator = wa.simulated() ? Optional.of(new Simulator(system, SimulatorSettings.from(config,
        businessNumbers(directory), selfBase + "/webhooks/whatsapp", wa.appSecret(), wa.accessToken()))) : Optional.empty();
    CloudApiClient cloud = wa.client(system, wa.simulated() ? selfBase + SIMULATOR_VERSION_PATH : wa.apiUrl());
    CitizenMarketing marketing = new CitizenMarketing(system);
    TemplateBook templates = TemplateBook.init(system, directory, database.dataSource(), cloud);
    Subscriptions.init(system, database.dataSource(), new CitizenConsents(), directory);
    Media media = Media.init(system, database.dataSource(), settings.dataDir(), cloud, new CitizenMedia());
    Outbound outbound = Outbound.prepare(system, directory, new CitizenOutbox(), database.dataSource(), cloud,
        OutboundMetrics.micrometer(metrics), id -> media.read(id).thenApply(c -> c.map(m ->
            new OutboundMedia.Bytes(m.bytes(), m.media().mimeType(), m.media().sha256()))), cloud, marketing, templates);
    Ingress ingress = Ingress.init(system, settings.ingress(), wa.appSecret(), wa.verifyToken(), directory,
        database.dataSource(), outbound.deliveries(), marketing, templates, metrics);
    CitizenCampaigns citizenCampaigns = new CitizenCampaigns(system);
    Campaigns.init(system, database.dataSource(), directory, templates, citizenCampaigns, citizenCampaigns, clock,
        BroadcastSettings.from(config.getConfig("chaupal.broadcast")),
        ClusterCitizensWaiting.start(system, ingress::citizensWaitingNanos, Duration.ofMillis(250), Duration.ofSeconds(2)), metrics);
    CaseBook caseBook = new CaseBook(database.dataSource(), BlockingSql.executor(system), directory::officials,
        cases.commands(), (number, mediaId) -> attachment(system, media, mediaId), clock);
    DeadlineWatch.init(system, database.dataSource(), cases.commands(), clock, metrics);
    Console console = Console.init(system, database.dataSource(), directory, caseBook, clock, settings.dataDir(),
        new Console.Services(media.uploads(), templates, templates::syncAll));
    MissedCallEntry missedCalls = MissedCallEntry.init(system, directory, database.dataSource(), new CitizenMissedCalls(system));
    Retention.init(system, database.dataSource(), directory,
        List.of(outbound.forgetting(), ingress.forgetting(), media.forgetting(), new SubscriptionForgetting(),
            new CampaignForgetting()));
    AuditRetention.init(system, database.dataSource());

    Route own = concat(ingress.route(), missedCalls.route(), console.route(), OperatorRoutes.of(system, metrics, simulator.isPresent()));
    Route routes = simulator.map(s -> concat(own, s.routes())).orElse(own);
    if (simulator.isPresent()) {
      log.warn("WHATSAPP_API_URL is not set: the built-in simulator stands in for Meta, with development secrets");
    }
    return new Node(system, metrics, outbound.deliveries(), simulator, routes, templates, outbound);
  }

  /** A stored attachment's bytes for an official, read off the route's thread; empty while not downloaded. */
  private static CompletionStage<Optional<CaseDesk.Attachment>> attachment(ActorSystem<?> system, Media media, String mediaId) {
    return media.open(mediaId).thenApplyAsync(stored -> stored.map(m -> {
      try {
        return new CaseDesk.Attachment(m.mimeType(), Files.readAllBytes(m.path()));
      } catch (IOException e) {
        throw new UncheckedIOException("attachment " + mediaId + " cannot be read from " + m.path(), e);
      }
    }), BlockingSql.executor(system));
  }

  /** The directory's channels as the simulator's business numbers (the simulator knows no directory). */
  static List<BusinessNumber> businessNumbers(Directory directory) {
    return directory.channels().stream()
        .map(ch -> new BusinessNumber(ch.phoneNumberId(), ch.displayNumber(), ch.name(), ch.languages(), ch.messagesPerSecond(),
            ch.templates().stream().map(t -> new BusinessNumber.Template(t.name(), t.languageCode(), t.parameters().size())).toList(),
            ch.wabaId()))
        .toList();
  }

  /**
   * The node's HTTP port is bound: now the outbox sends (its workers, as every daemon process's, started
   * again at once wherever a join, leave or rebalance moves them) and Meta's templates are read. Not before,
   * since the simulator is served on that port, and a refused connection makes the HTTP client back off.
   */
  public void listening() {
    outbound.startSending();
    DaemonWorkers.start(system);
    templates.syncAtStart(system);
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
