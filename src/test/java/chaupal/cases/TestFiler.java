package chaupal.cases;

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

/** A stand-in for the citizen entity: persists filings and feedback, tagged with the citizens' neutral tags. */
final class TestFiler extends EventSourcedBehavior<TestFiler.Command, TestFiler.Event, Integer> {

  interface Command extends CborSerializable {}

  record File(CaseFiling filing, ActorRef<Done> replyTo) implements Command {}

  record Say(CitizenFeedback feedback, ActorRef<Done> replyTo) implements Command {}

  interface Event extends CborSerializable {}

  record Filed(CaseFiling filing) implements Event {}

  record Said(CitizenFeedback feedback) implements Event {}

  /** The filing source of these events, as the platform's is of the citizen's. */
  static final FilingSource SOURCE = new FilingSource() {
    @Override
    public List<CaseFiling> filingsIn(Object event, String persistenceId, long sequenceNr) {
      return event instanceof Filed f ? List.of(f.filing()) : List.of();
    }

    @Override
    public List<CitizenFeedback> feedbackIn(Object event, String persistenceId, long sequenceNr) {
      return event instanceof Said s ? List.of(s.feedback()) : List.of();
    }
  };

  private final String tag;

  private TestFiler(String waId, int slices) {
    super(PersistenceId.of("TestFiler", waId));
    this.tag = Cases.CITIZEN_TAG_PREFIX + "-" + Math.floorMod(waId.hashCode(), slices);
  }

  static Behavior<Command> create(String waId, int slices) {
    return new TestFiler(waId, slices);
  }

  @Override
  public Integer emptyState() {
    return 0;
  }

  @Override
  public CommandHandler<Command, Event, Integer> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(File.class, (state, cmd) -> Effect().persist(new Filed(cmd.filing())).thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .onCommand(Say.class, (state, cmd) -> Effect().persist(new Said(cmd.feedback())).thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<Integer, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> state + 1);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(tag);
  }
}
