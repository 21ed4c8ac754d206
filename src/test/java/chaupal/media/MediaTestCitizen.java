package chaupal.media;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import chaupal.CborSerializable;
import java.util.List;
import java.util.Set;

/** A stand-in for the citizen entity: persists the media messages a citizen sends, tagged as the citizen tags. */
final class MediaTestCitizen extends EventSourcedBehavior<MediaTestCitizen.Send, MediaTestCitizen.MediaSent, Integer> {

  record Send(String channel, String type, String mediaId, String mime, ActorRef<Done> replyTo) implements CborSerializable {}

  record MediaSent(String channel, String type, String mediaId, String mime) implements CborSerializable {}

  /** The media source of these events, as the platform's is of the citizen's. */
  static final MediaSource SOURCE = (event, persistenceId) -> event instanceof MediaSent sent
      ? MediaKind.ofMessageType(sent.type())
          .map(kind -> List.of(new MediaRef(sent.channel(), sent.mediaId(), sent.mime(), kind, PersistenceId.extractEntityId(persistenceId))))
          .orElse(List.of())
      : List.of();

  private final String waId;
  private final int tagCount;

  private MediaTestCitizen(String waId, int tagCount) {
    super(PersistenceId.of("MediaTestCitizen", waId));
    this.waId = waId;
    this.tagCount = tagCount;
  }

  static Behavior<Send> create(String waId, int tagCount) {
    return new MediaTestCitizen(waId, tagCount);
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Send, MediaSent, Integer> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Send.class, (state, cmd) -> Effect().persist(new MediaSent(cmd.channel(), cmd.type(), cmd.mediaId(), cmd.mime()))
            .thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Integer, MediaSent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(MediaSent.class, (state, e) -> state + 1).build();
  }

  @Override
  public Set<String> tagsFor(MediaSent event) {
    return Set.of("citizen-acts-" + Math.abs(waId.hashCode() % tagCount));
  }
}
