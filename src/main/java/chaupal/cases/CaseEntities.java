package chaupal.cases;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.pattern.StatusReply;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Case entities reached through sharding, one ask a call: for the desk and the deadline watch
 * ({@link CaseCommands}) and for the case part's own projections. A refusal fails the stage with
 * {@link CaseDesk.Refused} (acts) or with the entity's {@link StatusReply.ErrorMessage} (filings).
 */
public final class CaseEntities implements CaseCommands, CaseRequests {

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final CaseRouting routing;
  private final Clock clock;

  CaseEntities(ActorSystem<?> system, Duration timeout, CaseRouting routing, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.timeout = timeout;
    this.routing = routing;
    this.clock = clock;
  }

  private EntityRef<Case.Command> entity(String number) {
    return sharding.entityRefFor(Case.ENTITY_KEY, number);
  }

  @Override
  public CompletionStage<Case.State> register(CaseFiling filing) {
    return entity(filing.number()).askWithStatus(r -> new Case.Register(filing, r), timeout);
  }

  @Override
  public CompletionStage<Case.State> feedback(CitizenFeedback feedback) {
    return entity(feedback.number()).askWithStatus(r -> new Case.Feedback(feedback, r), timeout);
  }

  public CompletionStage<Case.State> get(String number) {
    return entity(number).askWithStatus(Case.Get::new, timeout);
  }

  @Override
  public CompletionStage<CaseDesk.View> act(String number, CaseDesk.Actor actor, CaseDesk.Act act) {
    CaseDesk.Refused invalid = invalid(actor, act);
    if (invalid != null) return CompletableFuture.failedFuture(invalid);
    long now = clock.millis();
    return entity(number).<Case.State>askWithStatus(r -> new Case.Act(actor.id(), act, now, r), timeout)
        .handle((state, error) -> {
          if (error == null) return view(state, clock.millis());
          String refusal = refusal(error).orElseThrow(() -> rethrown(error));
          boolean unknown = refusal.equals(Case.unknown(number));
          throw new CaseDesk.Refused(unknown ? CaseDesk.Refused.Reason.NOT_FOUND : CaseDesk.Refused.Reason.ILLEGAL, null, refusal);
        });
  }

  /** The entity's refusal, when that is what failed an ask (rather than a timeout or a lost node). */
  static Optional<String> refusal(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof StatusReply.ErrorMessage refused ? Optional.of(refused.getMessage()) : Optional.empty();
  }

  static CompletionException rethrown(Throwable error) {
    return error instanceof CompletionException c ? c : new CompletionException(error);
  }

  @Override
  public CompletionStage<Done> escalateIfLate(String number, int expectedLevel, long nowMillis) {
    return entity(number).askWithStatus(r -> new Case.EscalateIfLate(expectedLevel, nowMillis, r), timeout);
  }

  // What the entity could only refuse as illegal is refused here naming the field.
  private CaseDesk.Refused invalid(CaseDesk.Actor actor, CaseDesk.Act act) {
    if (act instanceof CaseDesk.Act.Assign a && a.official() != null && !routing.knows(actor.tenant(), a.official())) {
      return new CaseDesk.Refused(CaseDesk.Refused.Reason.INVALID, "official", "there is no official " + a.official() + " in " + actor.tenant());
    }
    if (act instanceof CaseDesk.Act.Reject r && blank(r.reason())) {
      return new CaseDesk.Refused(CaseDesk.Refused.Reason.INVALID, "reason", "a rejection needs a reason the citizen is told");
    }
    if (act instanceof CaseDesk.Act.Ask q && blank(q.question())) {
      return new CaseDesk.Refused(CaseDesk.Refused.Reason.INVALID, "question", "a question for the citizen needs a text");
    }
    if (act instanceof CaseDesk.Act.Comment c && blank(c.text())) {
      return new CaseDesk.Refused(CaseDesk.Refused.Reason.INVALID, "text", "a comment needs a text");
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A case as the desk shows it at {@code nowMillis}: times with India's offset. */
  static CaseDesk.View view(Case.State s, long nowMillis) {
    CaseFiling f = s.filing();
    return new CaseDesk.View(f.number(), f.tenant(), f.ulb(), s.department(), f.category(), f.subType(), f.kind(), s.status(),
        s.assignee(), s.level(), Case.shown(f.filedAtMillis()), Case.shown(s.dueAtMillis()), Case.shown(s.updatedAtMillis()),
        s.status().open() && s.dueAtMillis() < nowMillis, f.description(), f.address(), f.latitude(), f.longitude(), f.ward(),
        s.rating());
  }
}
