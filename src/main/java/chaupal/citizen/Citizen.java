package chaupal.citizen;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
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
import chaupal.conversation.ConversationEngine;
import chaupal.conversation.ConversationState;
import chaupal.conversation.Turn;
import chaupal.tenancy.Channel;
import chaupal.tenancy.Directory;
import com.typesafe.config.Config;
import java.util.HashMap;
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

  /** Persisted: a new message is in the journal. Duplicate: it was already, nothing was done. */
  public enum Receipt implements CborSerializable { PERSISTED, DUPLICATE }

  public record Summary(String preferredLanguage, Map<String, ConversationState> conversations, int rememberedMessages)
      implements CborSerializable {}

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

  // ---- state ----

  public static final class State implements CborSerializable {
    final Map<String, ConversationState> conversations;
    String preferredLanguage;
    final DedupWindow seen;

    @com.fasterxml.jackson.annotation.JsonCreator
    public State(
        @com.fasterxml.jackson.annotation.JsonProperty("conversations") Map<String, ConversationState> conversations,
        @com.fasterxml.jackson.annotation.JsonProperty("preferredLanguage") String preferredLanguage,
        @com.fasterxml.jackson.annotation.JsonProperty("seen") DedupWindow seen) {
      this.conversations = conversations == null ? new HashMap<>() : new HashMap<>(conversations);
      this.preferredLanguage = preferredLanguage;
      this.seen = seen == null ? new DedupWindow() : seen;
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

  // ---- wiring ----

  /** {@code tagSlices}: how many neutral tags citizens are spread over ({@link #sliceTag}); fixed once a journal exists. */
  public record Settings(long dedupWindowMillis, int dedupMaxEntries, int snapshotEvery, int tagSlices) {

    /** Reads {@code chaupal.citizen}. */
    public static Settings from(Config config) {
      Config c = config.getConfig("chaupal.citizen");
      return new Settings(c.getDuration("dedup-window").toMillis(), c.getInt("dedup-max-entries"),
          c.getInt("snapshot-every"), c.getInt("tag-slices"));
    }
  }

  public static void init(ActorSystem<?> system, ConversationEngine engine, Directory directory, Settings settings) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY,
        ctx -> create(ctx.getEntityId(), engine, directory, settings)));
  }

  public static Behavior<Command> create(String citizenId, ConversationEngine engine, Directory directory, Settings settings) {
    return Behaviors.setup(ctx -> new Citizen(citizenId, engine, directory, settings));
  }

  /** Prefix of the neutral tags: {@code citizen-0} .. {@code citizen-(slices-1)}. */
  public static final String TAG_PREFIX = "citizen";

  /**
   * The one neutral tag of a citizen's slice. Every event of the citizen carries it, whatever it
   * holds, so one projection per slice sees all of a citizen's events in order and any projection
   * (outbox, cases, read models) picks what it needs without a change here. The slice count is
   * fixed once a journal exists: a citizen's events written under another count sit in another slice.
   */
  public static String sliceTag(String citizenId, int slices) {
    return TAG_PREFIX + "-" + Math.floorMod(citizenId.hashCode(), slices);
  }

  private final ConversationEngine engine;
  private final Directory directory;
  private final Settings settings;
  private final String tag;

  private Citizen(String citizenId, ConversationEngine engine, Directory directory, Settings settings) {
    super(PersistenceId.of(ENTITY_KEY.name(), citizenId));
    this.engine = engine;
    this.directory = directory;
    this.settings = settings;
    this.tag = sliceTag(citizenId, settings.tagSlices());
  }

  @Override
  public State emptyState() {
    return new State(Map.of(), null, new DedupWindow());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(tag);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Receive.class, this::onReceive)
        .onCommand(GetSummary.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Summary(state.preferredLanguage, Map.copyOf(state.conversations), state.seen.size())))
        .build();
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive cmd) {
    CitizenMessage msg = cmd.message();
    if (state.seen.contains(msg.wamid())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(Receipt.DUPLICATE));
    }
    ConversationState current = state.conversationOn(msg.channelId());
    Optional<Channel> channel = directory.channel(msg.channelId());
    MessageReceived event;
    if (channel.isEmpty()) {
      // Routed here by an older directory; keep the message, answer nothing on a channel we no longer serve.
      event = new MessageReceived(msg, cmd.receivedAtMillis(), current, List.of(), List.of());
    } else {
      Turn turn = engine.handle(channel.get(), current, state.preferredLanguage, ConversationInputs.of(msg));
      event = new MessageReceived(
          msg, cmd.receivedAtMillis(), turn.next(), ConversationInputs.queued(turn.replies()), turn.actions());
    }
    return Effect().persist(event).thenReply(cmd.replyTo(), s -> StatusReply.success(Receipt.PERSISTED));
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
          return state;
        })
        .build();
  }
}
