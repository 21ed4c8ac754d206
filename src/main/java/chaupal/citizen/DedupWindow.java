package chaupal.citizen;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wamids a citizen's entity has already handled, so that Meta's re-deliveries (for up to
 * 7 days, concurrently) do nothing. Kept as 64-bit hashes with their arrival times, oldest first,
 * bounded by age and by count: about 16 bytes a message instead of a 60-character string.
 * Mutated only from the event handler, so replay rebuilds exactly the same window.
 */
public final class DedupWindow {

  private long[] hashes;
  private long[] times;
  private int size;

  public DedupWindow() {
    this(new long[4], new long[4], 0);
  }

  private DedupWindow(long[] hashes, long[] times, int size) {
    this.hashes = hashes;
    this.times = times;
    this.size = size;
  }

  @JsonCreator
  static DedupWindow of(@JsonProperty("hashes") long[] hashes, @JsonProperty("times") long[] times) {
    long[] h = hashes == null ? new long[0] : hashes;
    long[] t = times == null ? new long[0] : times;
    int n = Math.min(h.length, t.length);
    return new DedupWindow(Arrays.copyOf(h, Math.max(4, n)), Arrays.copyOf(t, Math.max(4, n)), n);
  }

  @JsonProperty("hashes")
  long[] hashesForSnapshot() {
    return Arrays.copyOf(hashes, size);
  }

  @JsonProperty("times")
  long[] timesForSnapshot() {
    return Arrays.copyOf(times, size);
  }

  public boolean contains(String wamid) {
    long h = hash(wamid);
    for (int i = size - 1; i >= 0; i--) {
      if (hashes[i] == h) return true;
    }
    return false;
  }

  public int size() {
    return size;
  }

  /** Records a wamid seen at {@code atMillis}, dropping entries older than {@code windowMillis} and the oldest beyond {@code maxEntries}. */
  public void add(String wamid, long atMillis, long windowMillis, int maxEntries) {
    int drop = 0;
    while (drop < size && times[drop] < atMillis - windowMillis) drop++;
    if (size - drop >= maxEntries) drop = size - maxEntries + 1;
    if (drop > 0) {
      System.arraycopy(hashes, drop, hashes, 0, size - drop);
      System.arraycopy(times, drop, times, 0, size - drop);
      size -= drop;
    }
    if (size == hashes.length) {
      int grown = Math.min(Math.max(4, size * 2), Math.max(maxEntries, 4));
      hashes = Arrays.copyOf(hashes, grown);
      times = Arrays.copyOf(times, grown);
    }
    hashes[size] = hash(wamid);
    times[size] = atMillis;
    size++;
  }

  /** FNV-1a over the UTF-8 bytes; wamids come from Meta behind a verified signature, not from an adversary. */
  static long hash(String wamid) {
    long h = 0xcbf29ce484222325L;
    for (byte b : wamid.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
