package chaupal.cases;

import java.util.concurrent.CompletionStage;

/**
 * The citizens' requests the filing projection hands to the cases, one ask each: a repeat of a
 * request (same request id) is recognised by its case, so asking again is safe.
 */
interface CaseRequests {

  /** Makes the case of a filing (or finds it made by the same request). */
  CompletionStage<Case.State> register(CaseFiling filing);

  /** Hands the case a citizen's reopen request, rating or answer (or finds it handed already). */
  CompletionStage<Case.State> feedback(CitizenFeedback feedback);
}
