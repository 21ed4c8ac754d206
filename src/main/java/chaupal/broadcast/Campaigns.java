package chaupal.broadcast;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import akka.NotUsed;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import chaupal.db.BlockingSql;
import chaupal.db.CsvExport;
import chaupal.outbound.SyncedTemplate;
import chaupal.outbound.TemplateRegistry;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Topic;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * Campaigns: created by officials on an approved template for an audience of subscribers, estimated,
 * scheduled, then run by the one {@link CampaignRunner} of the cluster, with live statistics. Every
 * act is checked against the official's scope: a campaign outside it is as unknown as a missing one.
 */
public final class Campaigns {

  private static final Map<ActorSystem<?>, Campaigns> RUNNING = new ConcurrentHashMap<>();

  private final DataSource dataSource;
  private final Executor executor;
  private final Directory directory;
  private final TemplateRegistry templates;
  private final CampaignDelivery delivery;
  private final Clock clock;
  private final BroadcastSettings settings;
  private final ConsentImport consentImport;
  private final CampaignProgress progress;
  private final CitizensWaiting waiting;

  Campaigns(DataSource dataSource, Executor executor, Directory directory, TemplateRegistry templates, CampaignDelivery delivery,
      ConsentImport consentImport, Clock clock, BroadcastSettings settings, CitizensWaiting waiting, MeterRegistry metrics) {
    this.waiting = waiting;
    this.consentImport = consentImport;
    this.progress = new CampaignProgress(metrics);
    this.dataSource = dataSource;
    this.executor = executor;
    this.directory = directory;
    this.templates = templates;
    this.delivery = delivery;
    this.clock = clock;
    this.settings = settings;
  }

  /** Reads {@code chaupal.broadcast} and starts the cluster's one campaign runner (on whichever node sharding puts it). */
  public static Campaigns init(ActorSystem<?> system, DataSource dataSource, Directory directory, TemplateRegistry templates,
      CampaignDelivery delivery, ConsentRecording consents, Clock clock, MeterRegistry metrics) {
    return init(system, dataSource, directory, templates, delivery, consents, clock,
        BroadcastSettings.from(system.settings().config().getConfig("chaupal.broadcast")), metrics);
  }

  /** As above, with these settings; the campaigns' progress in {@code metrics}. */
  public static Campaigns init(ActorSystem<?> system, DataSource dataSource, Directory directory, TemplateRegistry templates,
      CampaignDelivery delivery, ConsentRecording consents, Clock clock, BroadcastSettings settings, MeterRegistry metrics) {
    return init(system, dataSource, directory, templates, delivery, consents, clock, settings, CitizensWaiting.NONE, metrics);
  }

  /** As above, the runner yielding to the citizens while they wait on its node ({@code waiting}). */
  public static Campaigns init(ActorSystem<?> system, DataSource dataSource, Directory directory, TemplateRegistry templates,
      CampaignDelivery delivery, ConsentRecording consents, Clock clock, BroadcastSettings settings, CitizensWaiting waiting,
      MeterRegistry metrics) {
    Campaigns campaigns = new Campaigns(dataSource, BlockingSql.executor(system), directory, templates, delivery,
        new ConsentImport(directory, consents, clock, akka.stream.Materializer.matFromSystem(system)), clock, settings, waiting,
        metrics);
    ShardedDaemonProcess.get(system).init(CampaignRunner.Command.class, "campaign-runner", 1,
        i -> Behaviors.supervise(CampaignRunner.create(campaigns)).onFailure(SupervisorStrategy.restartWithBackoff(
            Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2)));
    RUNNING.put(system, campaigns);
    system.getWhenTerminated().thenRun(() -> RUNNING.remove(system));
    return campaigns;
  }

  /** The campaigns of this node, once {@link #init} has run (the officials' API asks at each call). */
  public static Optional<Campaigns> of(ActorSystem<?> system) {
    return Optional.ofNullable(RUNNING.get(system));
  }

  /** Who asks: an official of {@code tenant}; empty {@code ulbs} means all of them; read-only roles only read. */
  public record Official(String name, String tenant, List<String> ulbs, boolean readOnly) {
    public Official {
      ulbs = List.copyOf(ulbs);
    }
  }

  /** What an official asks to send. {@code languageCodes} maps a language to Meta's code where they differ (en to en_IN). */
  public record Plan(String templateName, List<String> languages, Map<String, String> languageCodes, List<Campaign.Parameter> parameters,
      String headerKind, String headerLink, Campaign.Audience audience, Instant scheduledAt) {
    public Plan {
      languages = languages == null ? List.of() : List.copyOf(languages);
      languageCodes = languageCodes == null ? Map.of() : Map.copyOf(languageCodes);
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
      audience = audience == null ? new Campaign.Audience(null, null, null, null, null) : audience;
    }
  }

  /** Before sending: how many, at what rate, for how much, and how long at the channels' rates. */
  public record Estimate(long audience, String category, BigDecimal ratePerMessageInr, BigDecimal costInr, long secondsAtChannelRates,
      Integer dailyUniqueUsers) {}

  /** A campaign with its figures. */
  public record Detail(Campaign campaign, CampaignStatistics statistics) {}

  /** Why a request is refused; NOT_FOUND also for a campaign outside the caller's scope. */
  public static final class Refused extends RuntimeException {
    public enum Reason { INVALID, NOT_FOUND, ILLEGAL, FORBIDDEN }

    private final Reason reason;
    private final String field;

    Refused(Reason reason, String field, String message) {
      super(message, null, false, false);
      this.reason = reason;
      this.field = field;
    }

    public Reason reason() {
      return reason;
    }

    public String field() {
      return field;
    }
  }

  /** Consents citizens gave on a web form, into their records ({@link ConsentImport}). */
  public CompletionStage<ConsentImport.Result> importConsents(Official who, ConsentImport.Batch batch) {
    return consentImport.run(who, batch);
  }

  public CompletionStage<Campaign> create(Official who, Plan plan) {
    if (who.readOnly()) return refused(Refused.Reason.FORBIDDEN, null, "this role reads campaigns and cannot create them");
    Campaign draft;
    try {
      draft = checked(who, plan);
    } catch (Refused r) {
      return CompletableFuture.failedFuture(r);
    }
    return sql(c -> {
      int size = CampaignStore.audienceSize(c, draft.tenant(), draft.audience(), channelsOf(draft), languagesOf(draft));
      if (size == 0) {
        throw new Refused(Refused.Reason.INVALID, "audience", "the audience has no subscribers (topics " + draft.audience().topics()
            + (draft.audience().ulbs().isEmpty() ? "" : ", ULBs " + draft.audience().ulbs())
            + (draft.audience().wards().isEmpty() ? "" : ", wards " + draft.audience().wards())
            + ", languages " + languagesOf(draft) + "): nobody would receive it");
      }
      long id = CampaignStore.insert(c, draft, clock.instant());
      return CampaignStore.find(c, id).orElseThrow();
    });
  }

  public CompletionStage<List<Campaign>> list(Official who) {
    return sql(c -> CampaignStore.list(c, who.tenant(), 500).stream().filter(x -> visible(who, x)).toList());
  }

  public CompletionStage<Detail> get(Official who, long id) {
    return sql(c -> {
      Campaign x = visible(who, CampaignStore.find(c, id), id);
      return new Detail(x, CampaignStore.statistics(c, x, settings.rate(x.category())));
    });
  }

  public CompletionStage<Estimate> estimate(Official who, long id) {
    return sql(c -> {
      Campaign x = visible(who, CampaignStore.find(c, id), id);
      long size = x.audienceSize() != null ? x.audienceSize() : CampaignStore.audienceSize(c, x.tenant(), x.audience(), channelsOf(x), languagesOf(x));
      BigDecimal rate = settings.rate(x.category());
      int perSecond = channelsOf(x).stream().mapToInt(id2 -> directory.channel(id2).map(Channel::messagesPerSecond).orElse(0)).sum();
      Integer limit = channelsOf(x).stream().map(ch -> settings.portfolioOf(ch).dailyUniqueUsers()).filter(l -> l > 0).min(Integer::compare).orElse(null);
      return new Estimate(size, x.category(), rate, rate.multiply(BigDecimal.valueOf(size)), perSecond == 0 ? 0 : (size + perSecond - 1) / perSecond, limit);
    });
  }

  /** From draft to scheduled, at {@code at} (else the campaign's own time, else now); the templates are checked again. */
  public CompletionStage<Campaign> schedule(Official who, long id, Instant at) {
    return act(who, id, "schedule", x -> {
      String unapproved = unapproved(x.templateName(), x.variants(), channelsOf(x));
      if (unapproved != null) throw new Refused(Refused.Reason.ILLEGAL, "template", unapproved);
      Instant when = at != null ? at : x.scheduledAt() != null ? x.scheduledAt() : clock.instant();
      return new Move(List.of(Campaign.State.DRAFT), Campaign.State.SCHEDULED, when);
    });
  }

  public CompletionStage<Campaign> pause(Official who, long id) {
    return act(who, id, "pause", x -> new Move(List.of(Campaign.State.SCHEDULED, Campaign.State.RUNNING, Campaign.State.HELD),
        Campaign.State.PAUSED, null));
  }

  /** A paused campaign goes on where it stopped (or waits for its time, if it had not started). */
  public CompletionStage<Campaign> resume(Official who, long id) {
    return act(who, id, "resume", x -> new Move(List.of(Campaign.State.PAUSED),
        x.startedAt() == null ? Campaign.State.SCHEDULED : Campaign.State.RUNNING, null));
  }

  public CompletionStage<Campaign> cancel(Official who, long id) {
    return act(who, id, "cancel", x -> new Move(List.of(Campaign.State.DRAFT, Campaign.State.SCHEDULED, Campaign.State.RUNNING,
        Campaign.State.PAUSED, Campaign.State.HELD), Campaign.State.CANCELLED, null));
  }

  /**
   * The per-recipient report as CSV, once the official may see the campaign: streamed from the
   * table, so that a statewide campaign's hundreds of thousands of lines never sit in memory.
   */
  public CompletionStage<Source<ByteString, NotUsed>> report(Official who, long id) {
    return sql(c -> CsvExport.streamed(dataSource, CampaignStore.REPORT_HEADER,
        CampaignStore.report(visible(who, CampaignStore.find(c, id), id))));
  }

  private record Move(List<Campaign.State> from, Campaign.State to, Instant at) {}

  private interface Decide {
    Move decide(Campaign x);
  }

  private CompletionStage<Campaign> act(Official who, long id, String verb, Decide decide) {
    if (who.readOnly()) return refused(Refused.Reason.FORBIDDEN, null, "this role reads campaigns and cannot " + verb + " them");
    return sql(c -> {
      Campaign x = visible(who, CampaignStore.find(c, id), id);
      Move move = decide.decide(x);
      if (!CampaignStore.move(c, id, move.from(), move.to(), null, move.at(), clock.instant())) {
        throw new Refused(Refused.Reason.ILLEGAL, "state", "campaign " + id + " is " + x.state().key() + "; it can be " + verb
            + (verb.endsWith("e") ? "d" : "ed") + " only when " + move.from().stream().map(Campaign.State::key).toList());
      }
      return CampaignStore.find(c, id).orElseThrow();
    });
  }

  private Campaign checked(Official who, Plan plan) {
    String name = required(plan.templateName(), "template_name");
    if (plan.languages().isEmpty()) throw invalid("languages", "name at least one language to send, e.g. [\"en\", \"hi\"]");
    Campaign.Audience a = plan.audience();
    if (a.topics().isEmpty()) throw invalid("audience.topics", "name at least one topic the subscribers agreed to");
    for (String language : a.languages()) {
      if (!plan.languages().contains(language)) throw invalid("audience.languages", "language " + language + " has no template variant in languages " + plan.languages());
    }
    List<String> tenantChannels = directory.channels().stream().filter(ch -> ch.tenantId().equals(who.tenant())).map(Channel::phoneNumberId).toList();
    for (String ch : a.channels()) {
      if (!tenantChannels.contains(ch)) throw invalid("audience.channels", "channel " + ch + " is not a channel of " + who.tenant() + " " + tenantChannels);
    }
    List<String> ulbs = a.ulbs();
    for (String ulb : ulbs) {
      if (directory.ulb(ulb).isEmpty() || directory.ulbs(who.tenant()).stream().noneMatch(u -> u.code().equals(ulb))) {
        throw invalid("audience.ulbs", "no ULB " + ulb + " in " + who.tenant());
      }
      if (!who.ulbs().isEmpty() && !who.ulbs().contains(ulb)) throw invalid("audience.ulbs", "ULB " + ulb + " is outside your ULBs " + who.ulbs());
    }
    if (ulbs.isEmpty() && !who.ulbs().isEmpty()) ulbs = who.ulbs();
    for (int i = 0; i < plan.parameters().size(); i++) {
      Campaign.Parameter p = plan.parameters().get(i);
      boolean fixed = p.value() != null && !p.value().isBlank();
      boolean field = p.field() != null;
      if (fixed == field) throw invalid("parameters[" + i + "]", "give either a value or a field (" + Campaign.Parameter.FIELDS + ")");
      if (field && !Campaign.Parameter.FIELDS.contains(p.field())) {
        throw invalid("parameters[" + i + "].field", "unknown field " + p.field() + "; expected one of " + Campaign.Parameter.FIELDS);
      }
    }
    if (plan.headerLink() != null && !plan.headerLink().startsWith("https://")) throw invalid("header_link", "the header link must be https://");
    Map<String, String> variants = new LinkedHashMap<>();
    for (String language : plan.languages()) variants.put(language, plan.languageCodes().getOrDefault(language, language));
    List<String> channels = a.channels().isEmpty() ? tenantChannels : a.channels();
    if (channels.isEmpty()) throw invalid("audience.channels", who.tenant() + " has no channel to send from");
    String category = null;
    for (String ch : channels) {
      for (Map.Entry<String, String> v : variants.entrySet()) {
        Optional<SyncedTemplate> found = templates.find(ch, name, v.getValue());
        if (found.isEmpty()) {
          throw invalid("template_name", "template " + name + " has no " + v.getValue() + " variant on channel " + ch + " (synced: "
              + templates.of(ch).stream().map(t -> t.name() + "/" + t.languageCode()).distinct().toList() + ")");
        }
        SyncedTemplate t = found.get();
        if (!t.approved()) throw invalid("template_name", describe(t, ch));
        if (t.bodyParameters() != plan.parameters().size()) {
          throw invalid("parameters", "template " + name + " (" + t.languageCode() + ") has " + t.bodyParameters() + " body parameters; the campaign gives "
              + plan.parameters().size());
        }
        boolean mediaHeader = "IMAGE".equals(t.headerFormat()) || "DOCUMENT".equals(t.headerFormat());
        if (mediaHeader && plan.headerLink() == null) {
          throw invalid("header_link", "template " + name + " (" + t.languageCode() + ") has a " + t.headerFormat().toLowerCase() + " header: give its https link");
        }
        if (plan.headerLink() != null && (!mediaHeader || !t.headerFormat().equalsIgnoreCase(String.valueOf(plan.headerKind())))) {
          throw invalid("header_kind", "template " + name + " (" + t.languageCode() + ") has " + (mediaHeader ? "a " + t.headerFormat().toLowerCase() : "no media")
              + " header; header_kind " + plan.headerKind() + " does not fit");
        }
        if (category != null && !category.equals(t.category())) {
          throw invalid("template_name", "template " + name + " is " + category + " in one variant and " + t.category() + " in another");
        }
        category = t.category();
      }
    }
    if ("MARKETING".equals(category)) {
      // A STOP ends marketing topics only: a marketing message to a utility topic would reach citizens who said STOP.
      for (String topicId : a.topics()) {
        Optional<Topic> topic = directory.tenant(who.tenant()).flatMap(t -> t.topic(topicId));
        if (topic.isPresent() && !topic.get().isMarketing()) {
          throw invalid("audience.topics", "template " + name + " is MARKETING but topic " + topicId + " is a utility topic: its "
              + "subscribers agreed to service messages, and a STOP does not end it; send a UTILITY template, or choose marketing topics");
        }
      }
    }
    Campaign.Audience audience = new Campaign.Audience(a.channels(), ulbs, a.wards(), a.topics(), a.languages());
    return new Campaign(0, who.tenant(), who.name(), name, category, variants, plan.parameters(),
        plan.headerLink() == null ? null : plan.headerKind().toLowerCase(java.util.Locale.ROOT), plan.headerLink(), audience,
        plan.scheduledAt(), Campaign.State.DRAFT, null, null, null, null, null);
  }

  /** Null when the template is approved in every variant on every channel, else why not. */
  String unapproved(String name, Map<String, String> variants, List<String> channels) {
    for (String ch : channels) {
      for (String code : variants.values()) {
        Optional<SyncedTemplate> t = templates.find(ch, name, code);
        if (t.isEmpty()) return "template " + name + " (" + code + ") is no longer on channel " + ch;
        if (!t.get().approved()) return describe(t.get(), ch);
      }
    }
    return null;
  }

  private static String describe(SyncedTemplate t, String channel) {
    return "template " + t.name() + " (" + t.languageCode() + ") is " + t.status() + " at Meta on channel " + channel
        + (t.reason() == null ? "" : ": " + t.reason()) + "; only an approved template can be sent";
  }

  List<String> channelsOf(Campaign x) {
    if (!x.audience().channels().isEmpty()) return x.audience().channels();
    return directory.channels().stream().filter(ch -> ch.tenantId().equals(x.tenant())).map(Channel::phoneNumberId).toList();
  }

  List<String> languagesOf(Campaign x) {
    return x.audience().languages().isEmpty() ? List.copyOf(x.variants().keySet()) : x.audience().languages();
  }

  /** The message for one recipient: their language's variant, the parameters filled in for them. */
  CampaignMessage message(Campaign x, CampaignStore.Pending p) {
    List<String> values = new ArrayList<>();
    for (Campaign.Parameter parameter : x.parameters()) {
      String value = parameter.value() != null ? parameter.value() : switch (parameter.field()) {
        case "ulb_name" -> p.ulb() == null ? null : directory.ulb(p.ulb()).map(u -> u.name(p.language())).orElse(null);
        case "ward" -> p.ward() == null ? null : Integer.toString(p.ward());
        default -> null;
      };
      // Meta refuses an empty parameter.
      values.add(value == null || value.isBlank() ? "-" : value);
    }
    // The topic whatever the category: a utility campaign goes to a topic's subscribers too, and one who withdrew it gets nothing.
    return new CampaignMessage(x.key(), p.channelId(), p.topic(), x.category(), x.templateName(),
        x.variants().get(p.language()), values, x.headerKind(), x.headerLink());
  }

  private static boolean visible(Official who, Campaign x) {
    return x.tenant().equals(who.tenant()) && (who.ulbs().isEmpty()
        || (!x.audience().ulbs().isEmpty() && who.ulbs().containsAll(x.audience().ulbs())));
  }

  private static Campaign visible(Official who, Optional<Campaign> found, long id) {
    return found.filter(x -> visible(who, x)).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, null,
        "no campaign " + id + " (campaigns outside your ULBs are not shown)"));
  }

  static String required(String value, String field) {
    if (value == null || value.isBlank()) throw invalid(field, "field \"" + field + "\" is required");
    return value;
  }

  static Refused invalid(String field, String message) {
    return new Refused(Refused.Reason.INVALID, field, message);
  }

  static <T> CompletionStage<T> refused(Refused.Reason reason, String field, String message) {
    return CompletableFuture.failedFuture(new Refused(reason, field, message));
  }

  private <T> CompletionStage<T> sql(BlockingSql.Work<T> work) {
    return BlockingSql.run(dataSource, executor, work);
  }

  DataSource dataSource() {
    return dataSource;
  }

  Executor executor() {
    return executor;
  }

  Directory directory() {
    return directory;
  }

  CampaignDelivery delivery() {
    return delivery;
  }

  Clock clock() {
    return clock;
  }

  BroadcastSettings settings() {
    return settings;
  }

  CampaignProgress progress() {
    return progress;
  }

  CitizensWaiting waiting() {
    return waiting;
  }
}
