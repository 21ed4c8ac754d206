package chaupal.cases;

import akka.Done;
import java.util.concurrent.CompletionStage;

/**
 * Who is told of a case's changes (the citizen's entity, the assignee's WhatsApp); platform gives
 * the implementation. Called at least once per change, in the case's order: a repeat must do
 * nothing (recognise it by number and case sequence). The stage completes once the change is safe
 * with the receiver.
 */
public interface CaseWatcher {

  CompletionStage<Done> changed(CaseChange change);
}
