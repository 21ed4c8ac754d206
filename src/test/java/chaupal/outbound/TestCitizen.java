package chaupal.outbound;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import chaupal.CborSerializable;
import chaupal.whatsapp.OutgoingContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A stand-in for the citizen entity: persists replies and tags them the way the citizen does. */
final class TestCitizen extends EventSourcedBehavior<TestCitizen.Reply, TestCitizen.RepliesQueued, Integer> {

  static final String ENTITY_TYPE = "TestCitizen";
  static final String TAG_PREFIX = "citizen";

  /**
   * With a {@code template}, the texts are news (a notification) rather than replies: nothing the citizen wrote.
   * With a {@code photoId}, the one text is the caption of that stored photo, news too.
   */
  record Reply(String channel, List<String> texts, OutgoingContent.Template template, String photoId, ActorRef<Done> replyTo)
      implements CborSerializable {
    Reply(String channel, List<String> texts, ActorRef<Done> replyTo) {
      this(channel, texts, null, null, replyTo);
    }

    Reply(String channel, List<String> texts, OutgoingContent.Template template, ActorRef<Done> replyTo) {
      this(channel, texts, template, null, replyTo);
    }
  }

  /** {@code atMillis}: when the citizen wrote the message these replies answer; it opens their window (not for notifications). */
  record RepliesQueued(String channel, List<String> texts, long atMillis, OutgoingContent.Template template, String photoId)
      implements CborSerializable {
    boolean news() {
      return template != null || photoId != null;
    }
  }

  /** The outbox source of these events, as the platform's is of the citizen's. */
  static final OutboxSource SOURCE = new OutboxSource() {
    @Override
    public List<OutboundRequest> requestsFor(Object event, String persistenceId, long sequenceNr) {
      return requests(event, persistenceId, sequenceNr);
    }

    @Override
    public Optional<WindowOpened> windowOpenedBy(Object event, String persistenceId) {
      if (!(event instanceof RepliesQueued queued) || queued.news()) return Optional.empty();
      return Optional.of(new WindowOpened(queued.channel(), PersistenceId.extractEntityId(persistenceId), queued.atMillis()));
    }
  };

  private final String waId;
  private final int tagCount;

  private TestCitizen(String waId, int tagCount) {
    super(PersistenceId.of(ENTITY_TYPE, waId));
    this.waId = waId;
    this.tagCount = tagCount;
  }

  static Behavior<Reply> create(String waId, int tagCount) {
    return new TestCitizen(waId, tagCount);
  }

  static int partition(String waId, int tagCount) {
    return Math.abs(waId.hashCode() % tagCount);
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Reply, RepliesQueued, Integer> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Reply.class, (state, cmd) -> Effect().persist(new RepliesQueued(cmd.channel(), cmd.texts(), System.currentTimeMillis(), cmd.template(),
            cmd.photoId()))
            .thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Integer, RepliesQueued> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(RepliesQueued.class, (state, e) -> state + e.texts().size()).build();
  }

  @Override
  public Set<String> tagsFor(RepliesQueued event) {
    return Set.of(TAG_PREFIX + "-" + partition(waId, tagCount));
  }

  /**
   * The outbox source for these events: one text message per reply, keyed {@code persistenceId#seqNr#index};
   * a notification goes on its lane with the template for outside the window.
   */
  static List<OutboundRequest> requests(Object event, String persistenceId, long sequenceNr) {
    if (!(event instanceof RepliesQueued queued)) return List.of();
    String waId = PersistenceId.extractEntityId(persistenceId);
    if (queued.photoId() != null) {
      return List.of(new OutboundRequest(persistenceId + "#" + sequenceNr + "#0", waId, queued.channel(), waId, Lane.NOTIFICATION,
          MessageIntent.storedMedia("image", queued.photoId(), queued.texts().get(0))));
    }
    List<OutboundRequest> out = new ArrayList<>();
    for (int i = 0; i < queued.texts().size(); i++) {
      OutgoingContent.Text text = new OutgoingContent.Text(queued.texts().get(i), false);
      out.add(queued.template() == null
          ? new OutboundRequest(persistenceId + "#" + sequenceNr + "#" + i, waId, queued.channel(), waId, Lane.REPLY, MessageIntent.freeForm(text))
          : new OutboundRequest(persistenceId + "#" + sequenceNr + "#" + i, waId, queued.channel(), waId, Lane.NOTIFICATION,
              new MessageIntent(text, queued.template())));
    }
    return out;
  }
}
