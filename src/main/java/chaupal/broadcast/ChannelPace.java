package chaupal.broadcast;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One channel's campaign pace: never more than {@code perSecond} hand-overs in any second (a sliding
 * window of the last second's hand-outs), refilled smoothly so that a second's allowance is not
 * handed out in one burst at its start. Used by the one runner only, so not thread-safe.
 */
final class ChannelPace {

  private static final long SECOND = 1_000_000_000L;
  /** A second and a margin: one batch's hand-overs take a few milliseconds after the time they are counted at. */
  private static final long WINDOW = SECOND + 50_000_000L;

  private final int perSecond;
  private final Deque<long[]> lastSecond = new ArrayDeque<>();
  private long inWindow;
  private long lastHandOut = Long.MIN_VALUE;

  ChannelPace(int perSecond) {
    this.perSecond = perSecond;
  }

  int perSecond() {
    return perSecond;
  }

  /** How many may be handed over at {@code nanos}. */
  int allowance(long nanos) {
    while (!lastSecond.isEmpty() && lastSecond.peekFirst()[0] <= nanos - WINDOW) inWindow -= lastSecond.pollFirst()[1];
    long window = perSecond - inWindow;
    long since = lastHandOut == Long.MIN_VALUE ? SECOND : Math.min(SECOND, nanos - lastHandOut);
    long refill = Math.max(1, perSecond * since / SECOND);
    return (int) Math.max(0, Math.min(window, refill));
  }

  /** {@code count} were handed over at {@code nanos} (a time not before the previous one). */
  void handedOut(long nanos, int count) {
    if (count <= 0) return;
    lastSecond.addLast(new long[] {nanos, count});
    inWindow += count;
    lastHandOut = nanos;
  }
}
