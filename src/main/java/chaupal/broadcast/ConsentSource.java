package chaupal.broadcast;

import java.util.List;

/**
 * Reads consents out of the events of another part (the citizens'), so that this part needs to
 * know nothing of them; platform gives the one implementation (as {@code FilingSource} for cases).
 */
public interface ConsentSource {

  /** The consents {@code event} records; none for most events. */
  List<ConsentChange> consentsIn(Object event, String persistenceId, long sequenceNr);
}
