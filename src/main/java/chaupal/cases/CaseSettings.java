package chaupal.cases;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The case part's settings, {@code chaupal.cases}.
 *
 * @param tagSlices how many tags ({@code case-<slice>}) case events are spread over, hence workers
 *     per case projection; fixed once a journal exists
 * @param numberBlock case numbers a node leases from the database at a time
 * @param reopenWindow how long after a resolution or rejection the citizen may still reopen
 * @param askTimeout how long a command waits for a case entity's answer
 * @param filingAskTimeout how long the filing projection waits for a case to be made: a case that
 *     times out is asked again on its own a few times, then its whole batch fails and is asked again,
 *     so under overload a short one multiplies the work
 */
public record CaseSettings(int tagSlices, int numberBlock, Duration reopenWindow, Duration askTimeout, Duration filingAskTimeout) {

  public CaseSettings {
    if (tagSlices < 1) throw new IllegalArgumentException("chaupal.cases.tag-slices must be at least 1, not " + tagSlices);
    if (numberBlock < 1) throw new IllegalArgumentException("chaupal.cases.number-block must be at least 1, not " + numberBlock);
    if (reopenWindow.isNegative()) throw new IllegalArgumentException("chaupal.cases.reopen-window must not be negative");
    if (filingAskTimeout.compareTo(askTimeout) < 0) {
      throw new IllegalArgumentException("chaupal.cases.filing-ask-timeout (" + filingAskTimeout
          + ") must be at least chaupal.cases.ask-timeout (" + askTimeout + ")");
    }
  }

  /** Reads {@code chaupal.cases}. */
  public static CaseSettings from(Config config) {
    Config c = config.getConfig("chaupal.cases");
    return new CaseSettings(c.getInt("tag-slices"), c.getInt("number-block"), c.getDuration("reopen-window"),
        c.getDuration("ask-timeout"), c.getDuration("filing-ask-timeout"));
  }

  /** The tag of a case's events: {@code case-<slice>}. */
  public String tagOf(String number) {
    return tag(Math.floorMod(number.hashCode(), tagSlices));
  }

  public String tag(int slice) {
    return Case.TAG_PREFIX + "-" + slice;
  }
}
