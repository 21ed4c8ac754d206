package chaupal.simulator.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures a test or a demo asked for: the next N sends to a citizen (or to anyone, {@code *}) fail with
 * a given error, citizens whose sends are accepted but never arrive (131026), the next N downloads
 * of a media (or of any, {@code *}) that answer 500, and an outage of every send until a time:
 * each refused with one error, or held unanswered (then 504, the message not taken).
 */
public final class FailurePlan {

  public static final String ANYONE = "*";

  private record Pending(int remaining, GraphError error) {}

  private final Map<String, Deque<Pending>> failures = new ConcurrentHashMap<>();
  private final Set<String> undeliverable = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failingDownloads = new ConcurrentHashMap<>();

  /** Until {@code untilMillis} every send is refused with {@code error}, or held when it is null. */
  private record Outage(long untilMillis, GraphError error) {}

  private volatile Outage outage;

  public void failNext(String waId, int count, GraphError error) {
    if (count <= 0) return;
    failures.compute(waId, (k, queue) -> {
      Deque<Pending> q = queue == null ? new ArrayDeque<>() : queue;
      q.addLast(new Pending(count, error));
      return q;
    });
  }

  /** The injected error for this send, if one is due; counts it down. */
  Optional<GraphError> next(String waId) {
    Optional<GraphError> own = take(waId);
    return own.isPresent() ? own : take(ANYONE);
  }

  private Optional<GraphError> take(String key) {
    GraphError[] taken = new GraphError[1];
    failures.computeIfPresent(key, (k, queue) -> {
      Pending head = queue.pollFirst();
      if (head == null) return null;
      taken[0] = head.error();
      if (head.remaining() > 1) queue.addFirst(new Pending(head.remaining() - 1, head.error()));
      return queue.isEmpty() ? null : queue;
    });
    return Optional.ofNullable(taken[0]);
  }

  public void undeliverable(String waId, boolean on) {
    if (on) undeliverable.add(waId);
    else undeliverable.remove(waId);
  }

  boolean isUndeliverable(String waId) {
    return undeliverable.contains(waId);
  }

  /** The next {@code count} downloads of this media id's URL ({@code *}: of any media) answer 500. */
  public void failMediaDownloads(String mediaId, int count) {
    if (count > 0) failingDownloads.merge(mediaId, count, Integer::sum);
  }

  /** Whether this download is to fail; counts it down. */
  boolean mediaDownloadFails(String mediaId) {
    return countDown(mediaId) || countDown(ANYONE);
  }

  private boolean countDown(String key) {
    boolean[] due = new boolean[1];
    failingDownloads.computeIfPresent(key, (k, left) -> {
      due[0] = true;
      return left > 1 ? left - 1 : null;
    });
    return due[0];
  }

  /** Until {@code untilMillis}, every send is refused with this error. */
  public void refuseUntil(long untilMillis, GraphError error) {
    outage = new Outage(untilMillis, error);
  }

  /** Until {@code untilMillis}, every send is held without an answer and without being taken. */
  public void holdUntil(long untilMillis) {
    outage = new Outage(untilMillis, null);
  }

  /** The outage's error for a send at this time, if one refuses sends now. */
  Optional<GraphError> outageError(long nowMillis) {
    Outage o = outage;
    return o != null && o.error() != null && nowMillis < o.untilMillis() ? Optional.of(o.error()) : Optional.empty();
  }

  /** How long a send at this time is held, zero when none is. */
  long holdMillis(long nowMillis) {
    Outage o = outage;
    return o != null && o.error() == null ? Math.max(0, o.untilMillis() - nowMillis) : 0;
  }

  public void clear() {
    outage = null;
    failingDownloads.clear();
    failures.clear();
    undeliverable.clear();
  }
}
