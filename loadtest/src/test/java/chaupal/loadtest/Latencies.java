package chaupal.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Latencies a scenario measures itself (Gatling times requests, and a group only by its requests'
 * time in assertions), in milliseconds, for a few thousand samples at most: kept whole, so the
 * percentiles are exact (nearest rank).
 */
final class Latencies {

  private final ConcurrentLinkedQueue<Long> samples = new ConcurrentLinkedQueue<>();

  void add(long millis) {
    samples.add(millis);
  }

  int count() {
    return samples.size();
  }

  /** The nearest-rank percentile, e.g. 99.0; -1 without samples. */
  long percentile(double percent) {
    List<Long> sorted = new ArrayList<>(samples);
    if (sorted.isEmpty()) return -1;
    sorted.sort(null);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }
}
