package chaupal.citizen;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.pattern.StatusReply;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import chaupal.CborSerializable;
import chaupal.conversation.Action;
import chaupal.conversation.Circumstances;
import chaupal.conversation.ConversationEngine;
import chaupal.conversation.ConversationState;
import chaupal.conversation.Turn;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One citizen, keyed by WhatsApp id (or business-scoped user id): their conversations on every
 * channel, their language and the wamids already handled. All of a citizen's messages pass through
 * here one at a time, so they are handled, and their replies queued, in arrival order.
 */
public final class Citizen
    extends EventSourcedBehaviorWithEnforcedReplies<Citizen.Command, Citizen.Event, Citizen.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Citizen");

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  /** Handle one inbound message; the reply comes once it is in the journal (or was already). */
  public record Receive(CitizenMessage message, long receivedAtMillis, ActorRef<StatusReply<Receipt>> replyTo) implements Command {}

  public record GetSummary(ActorRef<Summary> replyTo) implements Command {}

  /**
   * Queue a message from another part (a case's assignee hears of an escalation): free-form inside
   * the recipient's window, the template outside it. {@code key} names it once: a repeat does nothing.
   */
  public record Notify(String key, String channelId, QueuedReply freeForm, TemplateMessage template,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A case of this citizen changed (the case part tells, at least once per change, in the case's order). */
  public record HearOfCase(CaseNews news, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * A change of a case as the citizen's entity keeps it.
   *
   * @param step registered, assigned, started, resolved, rejected, escalated, reopened, reassigned, closed
   * @param status the case's status key after the change (registered, in-progress ...)
   */
  public record CaseNews(String number, long caseSequence, String step, String status, String channelId, String language,
      String category, String subType, String ulb, String department, String note, boolean hasPhoto, long atMillis,
      long dueAtMillis, String photoMediaId) implements CborSerializable {

    /** Without the photo's id (news heard before photos were sent on). */
    public CaseNews(String number, long caseSequence, String step, String status, String channelId, String language,
        String category, String subType, String ulb, String department, String note, boolean hasPhoto, long atMillis,
        long dueAtMillis) {
      this(number, caseSequence, step, status, channelId, language, category, subType, ulb, department, note, hasPhoto,
          atMillis, dueAtMillis, null);
    }
  }

  /**
   * A campaign message for this citizen (broadcasts). It is queued on the campaign lane only while
   * the citizen's consent for {@code topic} on the channel holds ({@code topic} null: a utility
   * message, no marketing consent needed), once per campaign.
   */
  public record DeliverCampaign(String campaignId, String channelId, String topic, TemplateMessage template,
      ActorRef<StatusReply<CampaignReceipt>> replyTo) implements Command {}

  public enum CampaignReceipt implements CborSerializable { QUEUED, ALREADY_QUEUED, NOT_SUBSCRIBED }

  /**
   * The citizen stopped (or resumed) marketing messages outside the chat: Meta's {@code
   * user_preferences} event, or Meta refusing a send with 131050. {@code key} names it once.
   *
   * @param reason user-preferences or meta-131050
   */
  public record HearMarketingPreference(String key, String channelId, boolean stop, long atMillis, String reason,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * The citizen gave a missed call to the channel's number: the channel's welcome template goes out,
   * at most once per {@code quietMillis}, and the consent to be contacted is recorded as "missed-call".
   */
  public record HearMissedCall(String callId, String channelId, long atMillis, long quietMillis,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * A consent the citizen gave outside the chat, on a tenant's web form, brought in by an official
   * (broadcast's consent import). Recorded with the form's own time and reference; it never brings
   * back a topic the citizen ended themselves. Asking twice is harmless: the second finds it active.
   */
  public record ImportConsent(String channelId, String topic, String language, String ulb, Integer ward,
      long consentedAtMillis, String reference, String importedBy, ActorRef<StatusReply<ConsentReceipt>> replyTo) implements Command {}

  /** Recorded: the consent holds from now on. Already: it held before. Ended: the citizen ended this topic themselves. */
  public enum ConsentReceipt implements CborSerializable { RECORDED, ALREADY_ACTIVE, ENDED_BY_CITIZEN }

  /** The number a filing waited for arrived (or could not be had); local to the entity, never sent remotely. */
  record NumberReserved(Receive original, String number, Throwable failure) implements Command {}

  /** Persisted: a new message is in the journal. Duplicate: it was already, nothing was done. */
  public enum Receipt implements CborSerializable { PERSISTED, DUPLICATE }

  public record Summary(String preferredLanguage, Map<String, ConversationState> conversations, int rememberedMessages,
      List<KnownCase> cases) implements CborSerializable {}

  /** An approved template to send outside the 24-hour window: its name, language code and body parameters. */
  public record TemplateMessage(String name, String languageCode, List<String> parameters, String headerKind, String headerLink)
      implements CborSerializable {
    public TemplateMessage {
      parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** Without a header (templates written before campaigns). */
    public TemplateMessage(String name, String languageCode, List<String> parameters) {
      this(name, languageCode, parameters, null, null);
    }
  }

  /** A case the citizen filed on a channel, as the conversation is told of it; {@code caseSequence} is the last change heard. */
  public record KnownCase(String channelId, Circumstances.CitizenCase summary, long caseSequence) implements CborSerializable {}

  // ---- events ----

  public sealed interface Event extends CborSerializable {}

  /**
   * A message arrived and was answered. One event a message keeps the journal's write path
   * short: the conversation it led to, the replies it queued and the actions it decided (file a
   * case, subscribe ...) travel with it; the outbox reads the replies from here, and the parts that
   * act on an action will read it from here too. {@code actions} came later: events written before
   * have none.
   */
  public record MessageReceived(
      CitizenMessage message,
      long receivedAtMillis,
      ConversationState conversation,
      List<QueuedReply> replies,
      List<Action> actions)
      implements Event {
    public MessageReceived {
      replies = replies == null ? List.of() : List.copyOf(replies);
      actions = actions == null ? List.of() : List.copyOf(actions);
    }
  }

  /** A message from another part was queued for this number (see {@link Notify}). */
  public record NotificationQueued(String key, String channelId, long atMillis, QueuedReply freeForm, TemplateMessage template)
      implements Event {}

  /**
   * A case's change was heard: the citizen's view of the case moves on, and {@code reply} (null:
   * nothing to say, e.g. at registration, which the acknowledgement already told) goes out as a
   * notification, as {@code template} outside the 24-hour window.
   */
  public record CaseNoticed(CaseNews news, QueuedReply reply, TemplateMessage template) implements Event {}

  /**
   * A photo the official attached to a resolution, to send after {@link CaseNoticed}'s words: the
   * stored media id and its caption. Outside the 24-hour window it waits for the citizen's next message.
   */
  public record CasePhotoQueued(String caseNumber, long caseSequence, String channelId, String storedMediaId, String caption,
      long atMillis) implements Event {}

  /**
   * A campaign message was queued for this citizen, on the campaign lane. {@code marketing}: its topic is a
   * marketing one, which a STOP ends (false in events written before it was recorded).
   */
  public record CampaignQueued(String campaignId, String channelId, String topic, long atMillis, TemplateMessage template,
      boolean marketing) implements Event {}

  /** A marketing preference heard outside the chat ({@link HearMarketingPreference}), with the consent actions it led to. */
  public record PreferenceHeard(String key, String channelId, long atMillis, boolean stop, List<Action> actions) implements Event {
    public PreferenceHeard {
      actions = actions == null ? List.of() : List.copyOf(actions);
    }
  }

  /** A missed call was heard; {@code welcome} (null: within the quiet time) goes out as a template. */
  public record MissedCallHeard(String callId, String channelId, long atMillis, TemplateMessage welcome, List<Action> actions)
      implements Event {
    public MissedCallHeard {
      actions = actions == null ? List.of() : List.copyOf(actions);
    }
  }

  /** A web form's consent ({@link ImportConsent}): its time is the form's, {@code reference} the form's record of it. */
  public record ConsentImported(String channelId, long atMillis, String reference, String importedBy, List<Action> actions)
      implements Event {
    public ConsentImported {
      actions = actions == null ? List.of() : List.copyOf(actions);
    }
  }

  // ---- state ----

  public static final class State implements CborSerializable {
    final Map<String, ConversationState> conversations;
    String preferredLanguage;
    final DedupWindow seen;
    /** The citizen's cases by number, oldest first; absent in snapshots taken before grievances. */
    final LinkedHashMap<String, KnownCase> cases;
    /** Per channel, the case whose official asked a question not yet answered; absent in older snapshots. */
    final Map<String, String> asked;
    /** Per channel, the citizen's consents by topic, ended ones included; absent in older snapshots. */
    final Map<String, List<Circumstances.Consent>> consents;
    /** Per channel, when the last missed call outside the quiet time was heard (and its welcome sent). */
    final Map<String, Long> welcomedAt;

    public State(Map<String, ConversationState> conversations, String preferredLanguage, DedupWindow seen, List<KnownCase> cases) {
      this(conversations, preferredLanguage, seen, cases, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public State(
        @com.fasterxml.jackson.annotation.JsonProperty("conversations") Map<String, ConversationState> conversations,
        @com.fasterxml.jackson.annotation.JsonProperty("preferredLanguage") String preferredLanguage,
        @com.fasterxml.jackson.annotation.JsonProperty("seen") DedupWindow seen,
        @com.fasterxml.jackson.annotation.JsonProperty("cases") List<KnownCase> cases,
        @com.fasterxml.jackson.annotation.JsonProperty("asked") Map<String, String> asked,
        @com.fasterxml.jackson.annotation.JsonProperty("consents") Map<String, List<Circumstances.Consent>> consents,
        @com.fasterxml.jackson.annotation.JsonProperty("welcomedAt") Map<String, Long> welcomedAt) {
      this.conversations = conversations == null ? new HashMap<>() : new HashMap<>(conversations);
      this.preferredLanguage = preferredLanguage;
      this.seen = seen == null ? new DedupWindow() : seen;
      this.cases = new LinkedHashMap<>();
      if (cases != null) cases.forEach(c -> this.cases.put(c.summary().number(), c));
      this.asked = asked == null ? new HashMap<>() : new HashMap<>(asked);
      this.consents = new HashMap<>();
      if (consents != null) consents.forEach((channel, list) -> this.consents.put(channel, new ArrayList<>(list)));
      this.welcomedAt = welcomedAt == null ? new HashMap<>() : new HashMap<>(welcomedAt);
    }

    public Map<String, String> getAsked() {
      return asked;
    }

    public Map<String, List<Circumstances.Consent>> getConsents() {
      return consents;
    }

    public Map<String, Long> getWelcomedAt() {
      return welcomedAt;
    }

    /** Whether the citizen's consent for {@code topic} on the channel holds. */
    boolean consents(String channelId, String topic) {
      return consents.getOrDefault(channelId, List.of()).stream().anyMatch(c -> c.topic().equals(topic) && c.active());
    }

    /**
     * Applies consent actions: a consent starts or comes back; an end ends one topic, or with topic
     * null every marketing one ({@code marketing} says which are; utility topics and the missed
     * call's consent to be contacted stay, as the consent read model keeps them).
     */
    void applyConsents(String channelId, long atMillis, List<Action> actions, java.util.function.Predicate<String> marketing) {
      for (Action action : actions) {
        List<Circumstances.Consent> mine = consents.computeIfAbsent(channelId, k -> new ArrayList<>());
        if (action instanceof Action.Subscribe s) {
          mine.removeIf(c -> c.topic().equals(s.topic()));
          mine.add(new Circumstances.Consent(s.topic(), atMillis, s.source(), true, null));
        } else if (action instanceof Action.Unsubscribe u) {
          mine.replaceAll(c -> c.active() && (u.topic() == null ? marketing.test(c.topic()) : c.topic().equals(u.topic()))
              ? new Circumstances.Consent(c.topic(), c.sinceMillis(), c.source(), false, u.reason()) : c);
        }
      }
    }

    public List<KnownCase> getCases() {
      return List.copyOf(cases.values());
    }

    /** The citizen's cases on a channel, newest first, as the conversation sees them. */
    Circumstances circumstancesOn(String channelId, long nowMillis, String profileName) {
      List<Circumstances.CitizenCase> mine = new ArrayList<>();
      cases.values().forEach(c -> {
        if (c.channelId().equals(channelId)) mine.add(c.summary());
      });
      mine.sort(Comparator.comparingLong(Circumstances.CitizenCase::filedAtMillis).reversed());
      return new Circumstances(nowMillis, mine, null, consents.getOrDefault(channelId, List.of()), profileName, asked.get(channelId));
    }

    /** Keeps every open case and the {@link #CLOSED_KEPT} latest closed ones: a state stays small. */
    void remember(KnownCase known) {
      cases.remove(known.summary().number());
      cases.put(known.summary().number(), known);
      int closed = 0;
      List<String> drop = new ArrayList<>();
      List<KnownCase> newestFirst = new ArrayList<>(cases.values());
      java.util.Collections.reverse(newestFirst);
      for (KnownCase c : newestFirst) {
        if (c.summary().status().startsWith("closed") && ++closed > CLOSED_KEPT) drop.add(c.summary().number());
      }
      drop.forEach(cases::remove);
    }

    public Map<String, ConversationState> getConversations() {
      return conversations;
    }

    public String getPreferredLanguage() {
      return preferredLanguage;
    }

    public DedupWindow getSeen() {
      return seen;
    }

    ConversationState conversationOn(String channelId) {
      return conversations.getOrDefault(channelId, ConversationState.NEW);
    }
  }

  static final int CLOSED_KEPT = 20;

  // ---- wiring ----

  /** {@code tagSlices}: how many neutral tags citizens are spread over ({@link #sliceTag}); fixed once a journal exists. */
  public record Settings(long dedupWindowMillis, int dedupMaxEntries, int snapshotEvery, int tagSlices, FloodWindow.Limit flood) {

    /** With the shipped flood limit. */
    public Settings(long dedupWindowMillis, int dedupMaxEntries, int snapshotEvery, int tagSlices) {
      this(dedupWindowMillis, dedupMaxEntries, snapshotEvery, tagSlices, FloodWindow.Limit.DEFAULT);
    }

    /** Reads {@code chaupal.citizen}. */
    public static Settings from(Config config) {
      Config c = config.getConfig("chaupal.citizen");
      FloodWindow.Limit flood = c.hasPath("flood")
          ? new FloodWindow.Limit(c.getInt("flood.messages"), c.getDuration("flood.within"))
          : FloodWindow.Limit.DEFAULT;
      return new Settings(c.getDuration("dedup-window").toMillis(), c.getInt("dedup-max-entries"),
          c.getInt("snapshot-every"), c.getInt("tag-slices"), flood);
    }
  }

  /**
   * Reserves case numbers for filings: unique across the cluster, under a ULB's (or tenant's)
   * three-letter prefix. It may fail (database away): the message is then not acknowledged and
   * Meta sends it again.
   */
  @FunctionalInterface
  public interface CaseNumbers {
    java.util.concurrent.CompletionStage<String> reserve(String prefix, long nowMillis);

    /** For conversations that file no numbered case (tests of other flows). */
    CaseNumbers NONE = (prefix, now) -> java.util.concurrent.CompletableFuture.failedFuture(
        new IllegalStateException("no case numbers on this node"));
  }

  public static void init(ActorSystem<?> system, ConversationEngine engine, Directory directory, Settings settings,
      CaseNumbers numbers) {
    warnOfChannelsWithoutConsentUpdate(directory, org.slf4j.LoggerFactory.getLogger(Citizen.class));
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        ctx -> create(ctx.getEntityId(), engine, directory, settings, numbers)));
  }

  /** Once at start: the channels whose citizens hear of Meta's stop or resume only once they write again. */
  static void warnOfChannelsWithoutConsentUpdate(Directory directory, org.slf4j.Logger log) {
    List<String> without = directory.channels().stream()
        .filter(ch -> ch.templates().stream().noneMatch(t -> t.purpose().equals(Channel.CONSENT_UPDATE)))
        .map(ch -> ch.phoneNumberId() + " (" + ch.name() + ")").toList();
    if (without.isEmpty()) return;
    log.warn("channel(s) {} have no {} template in channels.conf: outside the 24-hour window, Meta's stop or resume of "
        + "marketing messages is confirmed only once the citizen writes again", String.join(", ", without), Channel.CONSENT_UPDATE);
  }

  public static Behavior<Command> create(String citizenId, ConversationEngine engine, Directory directory, Settings settings) {
    return create(citizenId, engine, directory, settings, CaseNumbers.NONE);
  }

  public static Behavior<Command> create(String citizenId, ConversationEngine engine, Directory directory, Settings settings,
      CaseNumbers numbers) {
    return Behaviors.setup(ctx -> new Citizen(ctx, citizenId, engine, directory, settings, numbers));
  }

  /** Prefix of the neutral tags: {@code citizen-0} .. {@code citizen-(slices-1)}. */
  public static final String TAG_PREFIX = "citizen";

  /**
   * Prefix of the second tag ({@code citizen-acts-<slice>}, same slice) of the few events that ask
   * another part to act: a filing, a citizen's feedback on a case, an attachment to download. The
   * parts that act on them read these instead of every message (measured: three projections
   * reading every event cost the webhook path dearly on 2 cores; docs/PERFORMANCE.md).
   */
  public static final String ACTS_TAG_PREFIX = "citizen-acts";

  /**
   * The one neutral tag of a citizen's slice. Every event of the citizen carries it, whatever it
   * holds, so one projection per slice sees all of a citizen's events in order and any projection
   * (outbox, cases, read models) picks what it needs without a change here. The slice count is
   * fixed once a journal exists: a citizen's events written under another count sit in another slice.
   */
  public static String sliceTag(String citizenId, int slices) {
    return TAG_PREFIX + "-" + Math.floorMod(citizenId.hashCode(), slices);
  }

  private final ActorContext<Command> context;
  private final ConversationEngine engine;
  private final Directory directory;
  private final Settings settings;
  private final CaseNumbers numbers;
  private final String tag;
  private final Set<String> tagsWithActs;
  /** A filing waits for its number: other commands wait (stashed) so the citizen's line keeps its order. */
  private boolean awaitingNumber;
  private final FloodWindow flood;

  private Citizen(ActorContext<Command> context, String citizenId, ConversationEngine engine, Directory directory,
      Settings settings, CaseNumbers numbers) {
    super(PersistenceId.of(ENTITY_KEY.name(), citizenId));
    this.context = context;
    this.engine = engine;
    this.directory = directory;
    this.settings = settings;
    this.numbers = numbers;
    this.tag = sliceTag(citizenId, settings.tagSlices());
    this.tagsWithActs = Set.of(tag, ACTS_TAG_PREFIX + tag.substring(TAG_PREFIX.length()));
    this.flood = new FloodWindow(settings.flood());
  }

  @Override
  public State emptyState() {
    return new State(Map.of(), null, new DedupWindow(), List.of(), null, null, null);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    if (event instanceof MessageReceived m && (!m.actions().isEmpty() || m.message().mediaId() != null)) return tagsWithActs;
    if (event instanceof PreferenceHeard p && !p.actions().isEmpty()) return tagsWithActs;
    if (event instanceof MissedCallHeard c && !c.actions().isEmpty()) return tagsWithActs;
    if (event instanceof ConsentImported c && !c.actions().isEmpty()) return tagsWithActs;
    return Set.of(tag);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(NumberReserved.class, this::onNumberReserved)
        .onCommand(cmd -> awaitingNumber, (state, cmd) -> Effect().stash())
        .onCommand(Receive.class, this::onReceive)
        .onCommand(Notify.class, this::onNotify)
        .onCommand(HearOfCase.class, this::onHearOfCase)
        .onCommand(DeliverCampaign.class, this::onDeliverCampaign)
        .onCommand(HearMarketingPreference.class, this::onMarketingPreference)
        .onCommand(HearMissedCall.class, this::onMissedCall)
        .onCommand(ImportConsent.class, this::onImportConsent)
        .onCommand(GetSummary.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Summary(state.preferredLanguage, Map.copyOf(state.conversations), state.seen.size(), state.getCases())))
        .build();
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive cmd) {
    CitizenMessage msg = cmd.message();
    if (state.seen.contains(msg.wamid())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(Receipt.DUPLICATE));
    }
    ConversationState current = state.conversationOn(msg.channelId());
    Optional<Channel> channel = directory.channel(msg.channelId());
    if (channel.isEmpty()) {
      // Routed here by an older directory; keep the message, answer nothing on a channel we no longer serve.
      return persistReceived(cmd, new MessageReceived(msg, cmd.receivedAtMillis(), current, List.of(), List.of()));
    }
    FloodWindow.Verdict verdict = flood.count(cmd.receivedAtMillis());
    if (verdict != FloodWindow.Verdict.ANSWER) return onFlood(state, cmd, channel.get(), verdict);
    Turn turn = turnFor(state, cmd, channel.get(), null);
    Optional<Action.FileCase> unnumbered = turn.needsCaseNumber();
    if (unnumbered.isEmpty()) return persistReceived(cmd, received(cmd, turn));
    // The acknowledgement names the case's number, so the number comes before the event.
    String prefix = directory.casePrefix(unnumbered.get().tenant(), unnumbered.get().ulb());
    awaitingNumber = true;
    context.pipeToSelf(numbers.reserve(prefix, cmd.receivedAtMillis()), (number, failure) -> new NumberReserved(cmd, number, failure));
    return Effect().noReply();
  }

  /**
   * A message over the flood limit: kept (Meta has it acknowledged) with the conversation where it
   * was, unanswered; the first one of a flood carries the one notice that the citizen writes too fast.
   */
  private ReplyEffect<Event, State> onFlood(State state, Receive cmd, Channel channel, FloodWindow.Verdict verdict) {
    List<QueuedReply> notice = List.of();
    if (verdict == FloodWindow.Verdict.TELL) {
      context.getLog().warn("citizen {} sends more than {} messages in {} s: their messages are kept but not answered until they slow down",
          chaupal.whatsapp.PhoneNumbers.mask(persistenceId().entityId()), settings.flood().messages(),
          settings.flood().within().toMillis() / 1000.0);
      notice = ConversationInputs.queued(List.of(
          engine.tooFast(channel, state.conversationOn(channel.phoneNumberId()), state.preferredLanguage)));
    }
    return persistReceived(cmd, new MessageReceived(cmd.message(), cmd.receivedAtMillis(), state.conversationOn(channel.phoneNumberId()),
        notice, List.of()));
  }

  private ReplyEffect<Event, State> onNumberReserved(State state, NumberReserved reserved) {
    awaitingNumber = false;
    Receive cmd = reserved.original();
    if (reserved.failure() != null || reserved.number() == null) {
      context.getLog().warn("no case number for a filing of citizen {}: {}; the message is not acknowledged and comes again",
          chaupal.whatsapp.PhoneNumbers.mask(persistenceId().entityId()),
          reserved.failure() == null ? "none given" : reserved.failure().getMessage());
      return Effect().none()
          .thenReply(cmd.replyTo(), s -> StatusReply.<Receipt>error("no case number could be reserved; try again"))
          .thenUnstashAll();
    }
    Channel channel = directory.channel(cmd.message().channelId()).orElseThrow();
    Turn turn = turnFor(state, cmd, channel, reserved.number());
    return Effect().persist(received(cmd, turn))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(Receipt.PERSISTED))
        .thenUnstashAll();
  }

  private Turn turnFor(State state, Receive cmd, Channel channel, String caseNumber) {
    CitizenMessage msg = cmd.message();
    Circumstances circumstances = state.circumstancesOn(msg.channelId(), cmd.receivedAtMillis(), msg.profileName());
    if (caseNumber != null) circumstances = circumstances.withCaseNumber(caseNumber);
    return engine.handle(channel, state.conversationOn(msg.channelId()), state.preferredLanguage, ConversationInputs.of(msg),
        circumstances);
  }

  private static MessageReceived received(Receive cmd, Turn turn) {
    return new MessageReceived(
        cmd.message(), cmd.receivedAtMillis(), turn.next(), ConversationInputs.queued(turn.replies()), turn.actions());
  }

  private ReplyEffect<Event, State> persistReceived(Receive cmd, MessageReceived event) {
    return Effect().persist(event).thenReply(cmd.replyTo(), s -> StatusReply.success(Receipt.PERSISTED));
  }

  /**
   * Steps the citizen is told of: a registration was told by the acknowledgement, a closing by the
   * answer to their rating (only a rating closes), a reassignment stays internal.
   */
  private static final Set<String> TOLD = chaupal.conversation.CaseNotice.STEPS.stream()
      .filter(step -> !step.equals("closed")).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private ReplyEffect<Event, State> onHearOfCase(State state, HearOfCase cmd) {
    CaseNews news = cmd.news();
    KnownCase known = state.cases.get(news.number());
    if (known != null && known.caseSequence() >= news.caseSequence()) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    QueuedReply reply = null;
    TemplateMessage template = null;
    Optional<Channel> channel = directory.channel(news.channelId());
    if (channel.isPresent() && TOLD.contains(news.step())) {
      String chosen = state.conversationOn(news.channelId()).language();
      String language = channel.get().offers(chosen) ? chosen
          : channel.get().offers(news.language()) ? news.language() : channel.get().defaultLanguage();
      chaupal.conversation.Notice notice = engine.notice(channel.get(), language, new chaupal.conversation.CaseNotice(
          news.number(), news.step(), news.note(), news.hasPhoto(), news.department(), news.dueAtMillis(), news.atMillis()));
      reply = ConversationInputs.queued(List.of(notice.reply())).get(0);
      if (notice.template() != null) {
        template = new TemplateMessage(notice.template().name(), notice.template().languageCode(), notice.parameters());
      }
    }
    List<Event> events = new ArrayList<>(2);
    events.add(new CaseNoticed(news, reply, template));
    if (reply != null && news.photoMediaId() != null) {
      events.add(new CasePhotoQueued(news.number(), news.caseSequence(), news.channelId(), news.photoMediaId(), news.number(),
          news.atMillis()));
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onDeliverCampaign(State state, DeliverCampaign cmd) {
    String key = campaignKey(cmd.campaignId());
    if (state.seen.contains(key)) return Effect().reply(cmd.replyTo(), StatusReply.success(CampaignReceipt.ALREADY_QUEUED));
    if (cmd.topic() != null && !state.consents(cmd.channelId(), cmd.topic())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(CampaignReceipt.NOT_SUBSCRIBED));
    }
    return Effect().persist(new CampaignQueued(cmd.campaignId(), cmd.channelId(), cmd.topic(), System.currentTimeMillis(),
        cmd.template(), cmd.topic() != null && marketingOn(cmd.channelId()).test(cmd.topic()))).thenReply(cmd.replyTo(), s -> StatusReply.success(CampaignReceipt.QUEUED));
  }

  static String campaignKey(String campaignId) {
    return "campaign/" + campaignId;
  }

  private ReplyEffect<Event, State> onMarketingPreference(State state, HearMarketingPreference cmd) {
    if (state.seen.contains(cmd.key())) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    List<Action> actions = new ArrayList<>();
    if (cmd.stop()) {
      if (state.consents.getOrDefault(cmd.channelId(), List.of()).stream()
          .anyMatch(c -> c.active() && marketingOn(cmd.channelId()).test(c.topic()))) {
        actions.add(new Action.Unsubscribe(null, cmd.reason()));
      }
    } else {
      // Meta's "resume" brings back what a stop outside the chat ended, nothing the citizen withdrew themselves.
      for (Circumstances.Consent c : state.consents.getOrDefault(cmd.channelId(), List.of())) {
        if (!c.active() && cmd.reason().equals(c.endReason())) {
          actions.add(new Action.Subscribe(c.topic(), c.source(), state.conversationOn(cmd.channelId()).language(), null, null));
        }
      }
    }
    List<Event> events = new ArrayList<>(2);
    events.add(new PreferenceHeard(cmd.key(), cmd.channelId(), cmd.atMillis(), cmd.stop(), actions));
    // Told in the words of a typed STOP or START, only when a consent changed (a repeat changes none): as text
    // inside the 24-hour window, as the channel's consent-update template outside it (none: it waits for the citizen).
    if (!actions.isEmpty()) {
      directory.channel(cmd.channelId()).ifPresent(channel -> {
        String language = spokenOn(state, channel);
        QueuedReply text = ConversationInputs.queued(List.of(new chaupal.conversation.Reply.TextReply(
            preferenceConfirmation(state, channel, language, cmd.stop(), actions)))).get(0);
        TemplateMessage template = channel.template(Channel.CONSENT_UPDATE, language)
            .map(t -> templateMessage(t, Map.of(
                SERVICE, directory.tenantOf(channel).name().in(t.language()),
                "change", chaupal.whatsapp.OutgoingContent.Template.parameter(preferenceConfirmation(state, channel, t.language(), cmd.stop(), actions)))))
            .orElse(null);
        events.add(new NotificationQueued(cmd.key() + "/confirmed", cmd.channelId(), cmd.atMillis(), text, template));
      });
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  /** The words of the chat's STOP confirmation, or START's naming the topics back, in {@code language}. */
  private String preferenceConfirmation(State state, Channel channel, String language, boolean stop, List<Action> actions) {
    return stop
        ? chaupal.conversation.Updates.stopped(directory, channel, language,
            state.consents.getOrDefault(channel.phoneNumberId(), List.of()))
        : chaupal.conversation.Updates.started(directory, channel, language,
            actions.stream().map(a -> ((Action.Subscribe) a).topic()).toList());
  }

  /** A channel template with its body parameters filled by name from {@code values} ("-" for a name not known). */
  private static TemplateMessage templateMessage(Channel.Template template, Map<String, String> values) {
    return new TemplateMessage(template.name(), template.languageCode(), template.fill(values));
  }

  /** The template parameter that names the tenant's service. */
  private static final String SERVICE = "service";

  /** The language the citizen reads on this channel: the one chosen there if the channel offers it, else its default. */
  private static String spokenOn(State state, Channel channel) {
    String chosen = state.conversationOn(channel.phoneNumberId()).language();
    return channel.offers(chosen) ? chosen : channel.defaultLanguage();
  }

  private ReplyEffect<Event, State> onMissedCall(State state, HearMissedCall cmd) {
    String key = "missed-call/" + cmd.callId();
    if (state.seen.contains(key)) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    Long last = state.welcomedAt.get(cmd.channelId());
    TemplateMessage welcome = null;
    List<Action> actions = List.of();
    Optional<Channel> channel = directory.channel(cmd.channelId());
    if (channel.isPresent() && (last == null || cmd.atMillis() - last >= cmd.quietMillis())) {
      String language = spokenOn(state, channel.get());
      // Channel.template falls back to the channel's default language; the service is named in the template's.
      welcome = channel.get().template(WELCOME, language)
          .map(t -> templateMessage(t, Map.of(SERVICE, directory.tenantOf(channel.get()).name().in(t.language()))))
          .orElse(null);
      if (welcome == null) {
        context.getLog().warn("channel {} has no welcome template: a missed call from {} gets no message",
            cmd.channelId(), chaupal.whatsapp.PhoneNumbers.mask(persistenceId().entityId()));
      }
      actions = List.of(new Action.Subscribe(MISSED_CALL_TOPIC, "missed-call", language, null, null));
    }
    return Effect().persist(new MissedCallHeard(cmd.callId(), cmd.channelId(), cmd.atMillis(), welcome, actions))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onImportConsent(State state, ImportConsent cmd) {
    if (state.consents(cmd.channelId(), cmd.topic())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(ConsentReceipt.ALREADY_ACTIVE));
    }
    // The citizen's own "stop" outranks any list: only the chat (or START) brings the topic back.
    if (state.consents.getOrDefault(cmd.channelId(), List.of()).stream().anyMatch(c -> c.topic().equals(cmd.topic()) && !c.active())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(ConsentReceipt.ENDED_BY_CITIZEN));
    }
    List<Action> actions = List.of(new Action.Subscribe(cmd.topic(), "web-form", cmd.language(), cmd.ulb(), cmd.ward()));
    return Effect().persist(new ConsentImported(cmd.channelId(), cmd.consentedAtMillis(), cmd.reference(), cmd.importedBy(),
        actions)).thenReply(cmd.replyTo(), s -> StatusReply.success(ConsentReceipt.RECORDED));
  }

  /** Whether a topic of the channel's tenant is a marketing one (what a STOP ends). */
  private java.util.function.Predicate<String> marketingOn(String channelId) {
    return topic -> directory.channel(channelId)
        .flatMap(ch -> directory.tenantOf(ch).topic(topic))
        .map(chaupal.tenancy.Topic::isMarketing)
        .orElse(false);
  }

  /** The channel template a missed call is answered with. */
  public static final String WELCOME = "welcome";

  /**
   * A missed call is the citizen asking to be contacted on that number: recorded as a consent to the
   * channel's own service messages (not to any marketing topic), with the source "missed-call".
   */
  public static final String MISSED_CALL_TOPIC = "service";

  private ReplyEffect<Event, State> onNotify(State state, Notify cmd) {
    if (state.seen.contains(cmd.key())) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    NotificationQueued event =
        new NotificationQueued(cmd.key(), cmd.channelId(), System.currentTimeMillis(), cmd.freeForm(), cmd.template());
    return Effect().persist(event).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(MessageReceived.class, (state, e) -> {
          state.seen.add(e.message().wamid(), e.receivedAtMillis(), settings.dedupWindowMillis(), settings.dedupMaxEntries());
          state.conversations.put(e.message().channelId(), e.conversation());
          if (e.conversation() != null && e.conversation().language() != null) {
            state.preferredLanguage = e.conversation().language();
          }
          state.applyConsents(e.message().channelId(), e.receivedAtMillis(), e.actions(), marketingOn(e.message().channelId()));
          for (Action action : e.actions()) {
            if (action instanceof Action.AnswerCase answered) state.asked.remove(e.message().channelId(), answered.caseNumber());
            if (action instanceof Action.FileCase filed && filed.caseNumber() != null) {
              state.remember(new KnownCase(e.message().channelId(), new Circumstances.CitizenCase(filed.caseNumber(),
                  filed.category(), filed.subType(), filed.ulb(), filed.department(), "registered", e.receivedAtMillis(), 0,
                  e.receivedAtMillis(), null), 0));
            }
          }
          return state;
        })
        .onEvent(CaseNoticed.class, (state, e) -> {
          CaseNews n = e.news();
          KnownCase known = state.cases.get(n.number());
          Circumstances.CitizenCase was = known == null ? null : known.summary();
          // A question is not the office's last word on the case: tracking keeps showing the note before it.
          boolean question = "asked".equals(n.step());
          String note = n.note() != null && !question ? n.note() : was == null ? null : was.note();
          if (question) {
            state.asked.put(n.channelId(), n.number());
          } else if (n.status() != null && n.status().startsWith("closed")) {
            state.asked.remove(n.channelId(), n.number());
          }
          state.remember(new KnownCase(n.channelId(), new Circumstances.CitizenCase(n.number(),
              n.category() != null ? n.category() : was == null ? null : was.category(),
              n.subType() != null ? n.subType() : was == null ? null : was.subType(),
              n.ulb() != null ? n.ulb() : was == null ? null : was.ulb(),
              n.department() != null ? n.department() : was == null ? null : was.department(),
              n.status(), was == null ? n.atMillis() : was.filedAtMillis(), n.dueAtMillis(), n.atMillis(), note),
              n.caseSequence()));
          return state;
        })
        .onEvent(CasePhotoQueued.class, (state, e) -> state)
        .onEvent(CampaignQueued.class, (state, e) -> {
          state.seen.add(campaignKey(e.campaignId()), e.atMillis(), settings.dedupWindowMillis(), settings.dedupMaxEntries());
          return state;
        })
        .onEvent(PreferenceHeard.class, (state, e) -> {
          state.seen.add(e.key(), e.atMillis(), settings.dedupWindowMillis(), settings.dedupMaxEntries());
          state.applyConsents(e.channelId(), e.atMillis(), e.actions(), marketingOn(e.channelId()));
          return state;
        })
        .onEvent(MissedCallHeard.class, (state, e) -> {
          state.seen.add("missed-call/" + e.callId(), e.atMillis(), settings.dedupWindowMillis(), settings.dedupMaxEntries());
          if (!e.actions().isEmpty()) state.welcomedAt.put(e.channelId(), e.atMillis());
          state.applyConsents(e.channelId(), e.atMillis(), e.actions(), marketingOn(e.channelId()));
          return state;
        })
        .onEvent(ConsentImported.class, (state, e) -> {
          state.applyConsents(e.channelId(), e.atMillis(), e.actions(), marketingOn(e.channelId()));
          return state;
        })
        .onEvent(NotificationQueued.class, (state, e) -> {
          state.seen.add(e.key(), e.atMillis(), settings.dedupWindowMillis(), settings.dedupMaxEntries());
          return state;
        })
        .build();
  }
}
