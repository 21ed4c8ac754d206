package chaupal.citizen;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How fast one citizen writes: more than {@code messages} within {@code within} is a flood. The
 * entity still keeps every message of a flood (each was acknowledged to Meta) but answers none of
 * the excess, and tells the citizen once; the first message under the limit again is answered as
 * usual. It lives in the entity, the one place that sees all of a number's messages whichever node
 * received them, and not in its state: after a restart the count starts afresh.
 */
final class FloodWindow {

  /** {@code messages}: how many a citizen may send within {@code within} before the excess is held back. */
  record Limit(int messages, Duration within) {
    Limit {
      if (messages < 1) throw new IllegalArgumentException("chaupal.citizen.flood.messages must be at least 1, was " + messages);
      if (within.isNegative() || within.isZero()) {
        throw new IllegalArgumentException("chaupal.citizen.flood.within must be positive, was " + within);
      }
    }

    static final Limit DEFAULT = new Limit(20, Duration.ofSeconds(2));
  }

  /** What to do with one message: answer it, hold it back and tell the citizen, or hold it back silently. */
  enum Verdict { ANSWER, TELL, HOLD }

  private final Limit limit;
  /** Arrival times of the latest messages, at most one more than the limit. */
  private final ArrayDeque<Long> arrivals = new ArrayDeque<>();
  private boolean told;

  FloodWindow(Limit limit) {
    this.limit = limit;
  }

  /** Counts a message received at {@code atMillis} (the ingress's clock) and judges it. */
  Verdict count(long atMillis) {
    arrivals.addLast(atMillis);
    if (arrivals.size() > limit.messages() + 1) arrivals.removeFirst();
    long since = atMillis - limit.within().toMillis();
    while (!arrivals.isEmpty() && arrivals.peekFirst() <= since) arrivals.removeFirst();
    if (arrivals.size() <= limit.messages()) {
      told = false;
      return Verdict.ANSWER;
    }
    if (told) return Verdict.HOLD;
    told = true;
    return Verdict.TELL;
  }
}
