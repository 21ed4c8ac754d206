package chaupal.cases;

import java.util.List;

/**
 * Reads the filings and the feedback out of the events of another part (the citizens'), so that
 * the case part needs to know nothing of them; platform gives the one implementation.
 */
public interface FilingSource {

  /** The filings {@code event} records; none for most events. */
  List<CaseFiling> filingsIn(Object event, String persistenceId, long sequenceNr);

  /** The citizen's reopen requests and ratings {@code event} records; none for most events. */
  List<CitizenFeedback> feedbackIn(Object event, String persistenceId, long sequenceNr);
}
