package chaupal.simulator.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures a test or a demo asked for: the next N sends to a citizen (or to anyone, {@code *}) fail with
 * a given error, citizens whose sends are accepted but never arrive (131026), and the next N downloads
 * of a media (or of any, {@code *}) that answer 500.
 */
public final class FailurePlan {

  public static final String ANYONE = "*";

  private record Pending(int remaining, GraphError error) {}

  private final Map<String, Deque<Pending>> failures = new ConcurrentHashMap<>();
  private final Set<String> undeliverable = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failingDownloads = new ConcurrentHashMap<>();

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

  public void clear() {
    failingDownloads.clear();
    failures.clear();
    undeliverable.clear();
  }
}
