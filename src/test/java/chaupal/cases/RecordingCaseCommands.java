package chaupal.cases;

import akka.Done;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Case entities as a test sees them: every call recorded; an act answers {@code answer} or fails
 * with {@code refusal}; an escalation succeeds but for the {@code unreachable} case.
 */
final class RecordingCaseCommands implements CaseCommands {

  record ActCall(String number, CaseDesk.Actor actor, CaseDesk.Act act) {}

  record Escalation(String number, int expectedLevel, long nowMillis) {}

  final List<ActCall> acts = new CopyOnWriteArrayList<>();
  final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  volatile CaseDesk.View answer;
  volatile CaseDesk.Refused refusal;
  /** A case whose escalation fails (its entity unreachable), or null. */
  volatile String unreachable;

  @Override
  public CompletionStage<CaseDesk.View> act(String number, CaseDesk.Actor actor, CaseDesk.Act act) {
    acts.add(new ActCall(number, actor, act));
    return refusal != null ? CompletableFuture.failedFuture(refusal) : CompletableFuture.completedFuture(answer);
  }

  @Override
  public CompletionStage<Done> escalateIfLate(String number, int expectedLevel, long nowMillis) {
    escalations.add(new Escalation(number, expectedLevel, nowMillis));
    return number.equals(unreachable)
        ? CompletableFuture.failedFuture(new IllegalStateException("ask to " + number + " timed out"))
        : CompletableFuture.completedFuture(Done.getInstance());
  }
}
