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
 */
public record CaseSettings(int tagSlices, int numberBlock, Duration reopenWindow, Duration askTimeout) {

  public CaseSettings {
    if (tagSlices < 1) throw new IllegalArgumentException("chaupal.cases.tag-slices must be at least 1, not " + tagSlices);
    if (numberBlock < 1) throw new IllegalArgumentException("chaupal.cases.number-block must be at least 1, not " + numberBlock);
    if (reopenWindow.isNegative()) throw new IllegalArgumentException("chaupal.cases.reopen-window must not be negative");
  }

  /** Reads {@code chaupal.cases}. */
  public static CaseSettings from(Config config) {
    Config c = config.getConfig("chaupal.cases");
    return new CaseSettings(c.getInt("tag-slices"), c.getInt("number-block"), c.getDuration("reopen-window"),
        c.getDuration("ask-timeout"));
  }

  /** The tag of a case's events: {@code case-<slice>}. */
  public String tagOf(String number) {
    return tag(Math.floorMod(number.hashCode(), tagSlices));
  }

  public String tag(int slice) {
    return Case.TAG_PREFIX + "-" + slice;
  }
}
