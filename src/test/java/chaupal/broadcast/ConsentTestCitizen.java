package chaupal.broadcast;

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

/** A stand-in for the citizen entity: persists consents given and ended, tagged as the citizen tags the events that act. */
final class ConsentTestCitizen extends EventSourcedBehavior<ConsentTestCitizen.Record, ConsentTestCitizen.Recorded, Integer> {

  /** {@code topic} null with {@code subscribed} false: every marketing topic on the channel. */
  record Record(String channel, String topic, boolean subscribed, String source, long atMillis, ActorRef<Done> replyTo)
      implements CborSerializable {}

  record Recorded(String channel, String topic, boolean subscribed, String source, long atMillis) implements CborSerializable {}

  /** The consent source of these events, as the platform's is of the citizen's. */
  static final ConsentSource SOURCE = (event, persistenceId, sequenceNr) -> event instanceof Recorded r
      ? List.of(new ConsentChange(persistenceId + "#" + sequenceNr + "#0", PersistenceId.extractEntityId(persistenceId), r.channel(),
          r.atMillis(), r.topic(), r.subscribed(), r.source(), r.subscribed() ? "pa" : null, r.subscribed() ? "pb.amritsar" : null,
          r.subscribed() ? 7 : null))
      : List.of();

  private final String waId;
  private final int tagCount;

  private ConsentTestCitizen(String waId, int tagCount) {
    super(PersistenceId.of("ConsentTestCitizen", waId));
    this.waId = waId;
    this.tagCount = tagCount;
  }

  static Behavior<Record> create(String waId, int tagCount) {
    return new ConsentTestCitizen(waId, tagCount);
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Record, Recorded, Integer> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Record.class, (state, cmd) -> Effect()
            .persist(new Recorded(cmd.channel(), cmd.topic(), cmd.subscribed(), cmd.source(), cmd.atMillis()))
            .thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Integer, Recorded> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Recorded.class, (state, e) -> state + 1).build();
  }

  @Override
  public Set<String> tagsFor(Recorded event) {
    return Set.of("citizen-acts-" + Math.abs(waId.hashCode() % tagCount));
  }
}
