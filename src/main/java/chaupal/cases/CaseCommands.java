package chaupal.cases;

import akka.Done;
import java.util.concurrent.CompletionStage;

/**
 * The Case entities as the desk and the deadline watch reach them: one ask per call, answered once
 * the entity has persisted (or refused with {@link CaseDesk.Refused}).
 */
public interface CaseCommands {

  /** Applies an official's act; the scope and role were checked by the caller. */
  CompletionStage<CaseDesk.View> act(String number, CaseDesk.Actor actor, CaseDesk.Act act);

  /**
   * Escalates a late case one level, if it is still open, still at {@code expectedLevel} and due
   * at or before {@code nowMillis}; otherwise does nothing (a repeat, or the case moved on).
   */
  CompletionStage<Done> escalateIfLate(String number, int expectedLevel, long nowMillis);
}
