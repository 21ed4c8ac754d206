package chaupal.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * Which journal orderings are settled: committed and visible, or never to be (a rolled-back write, a
 * sequence that jumped, a row the retention sweep deleted). eventsByTag reads only below the highest
 * ordering its sequence reader believes has no gap before it, and that reader (akka-persistence-jdbc's
 * JournalSequenceActor) gives a gap up only after {@code max-tries x query-delay}, 60 s here. A fresh
 * node scans the journal from the start, so one old gap held every projection of that node, the outbox
 * among them, for that minute; and every rolled-back write held every node's projections as long.
 *
 * <p>PostgreSQL tells when a gap is settled. Each reading comes with its snapshot's {@code xmin} (the
 * oldest transaction still running) and {@code xmax} (the first transaction id not yet given out).
 * Every ordering up to the highest one visible in a reading was drawn before that reading, by a
 * transaction that had its id by then ({@link BatchedJournalDao} takes it first), so below that
 * snapshot's {@code xmax}. Once a later reading's {@code xmin} has passed that {@code xmax}, all those
 * transactions have ended: an ordering up to that highest one that is still missing is missing for good.
 * The reader is then given every ordering up to there, real or not (it only looks for holes), and above
 * it the real ones, whose gaps it waits for as before.
 *
 * <p>Used by one sequence reader, whose readings come one after another; synchronized all the same.
 */
final class SettledOrderings {

  /** One reading: the visible orderings above the asked offset (ascending), the highest visible, the snapshot's bounds. */
  record Reading(List<Long> visible, long highestVisible, long xmin, long xmax) {}

  /** Every ordering up to this one is settled. */
  private long settled;
  /** A reading's highest visible ordering, settled once every transaction of its snapshot has ended; -1 for none. */
  private long candidate = -1;
  private long candidateXmax;

  /** Where a reading for orderings above {@code offset} starts: the settled ones need none. */
  synchronized long readFrom(long offset) {
    return Math.max(offset, settled);
  }

  /** Whether orderings from {@code offset + 1} to {@code offset + limit} are all settled, so no reading is needed. */
  synchronized boolean settledThrough(long offset, long limit) {
    return offset + limit <= settled;
  }

  /** Orderings above {@code offset}, at most {@code limit}, without a reading: all of them settled ({@link #settledThrough}). */
  synchronized List<Long> settledAbove(long offset, long limit) {
    return orderings(offset, limit, List.of());
  }

  /** The orderings above {@code offset} for the sequence reader, at most {@code limit}, after this reading. */
  synchronized List<Long> orderings(long offset, long limit, Reading reading) {
    if (candidate >= 0 && reading.xmin() >= candidateXmax) {
      settled = Math.max(settled, candidate);
      candidate = -1;
    }
    if (candidate < 0 && reading.highestVisible() > settled) {
      candidate = reading.highestVisible();
      candidateXmax = reading.xmax();
    }
    return orderings(offset, limit, reading.visible());
  }

  private List<Long> orderings(long offset, long limit, List<Long> visible) {
    List<Long> out = new ArrayList<>((int) Math.min(limit, 16_384));
    for (long o = offset + 1; o <= settled && out.size() < limit; o++) out.add(o);
    for (Long o : visible) {
      if (out.size() >= limit) break;
      if (o > settled && o > offset) out.add(o);
    }
    return out;
  }
}
