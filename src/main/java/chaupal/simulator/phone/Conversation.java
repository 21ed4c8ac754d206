package chaupal.simulator.phone;

import chaupal.simulator.graph.GraphError;
import chaupal.simulator.graph.TokenBucket;
import chaupal.whatsapp.DeliveryStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The messages between one business number and one citizen, both ways, as the citizen's phone holds
 * them: capped history, the 24-hour service window, the pair rate limit, and whether a phone page is
 * watching. Every change bumps a revision so a page can fetch what changed after its cursor.
 */
public final class Conversation {

  static final long WINDOW_MILLIS = 24L * 3600 * 1000;
  /** A page that polled this recently is on screen; its long-poll lasts 15 s. */
  static final long WATCH_MILLIS = 30_000;
  static final long TYPING_MILLIS = 25_000;

  final String phoneNumberId;
  public final String waId;
  private final int historyCap;
  private final TokenBucket pairLimit;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final List<ReceivedWaiter> receivedWaiters = new ArrayList<>();
  private final List<CompletableFuture<Void>> changeWaiters = new ArrayList<>();
  private long revision;
  private long lastCitizenMessageMillis = Long.MIN_VALUE;
  private long lastWatchedMillis = Long.MIN_VALUE;
  private long typingUntilMillis = Long.MIN_VALUE;
  private String profileName;
  private int receivedCount;

  /** One message; mutable fields are guarded by the conversation. */
  public static final class Entry {
    public final String wamid;
    final boolean fromCitizen;
    public final String type;
    /** The send request body for business messages, the {@code messages[]} element for citizen ones. */
    public final JsonNode body;
    final long millis;
    public final int apiVersion;
    /** Why a business message will fail instead of reaching the phone; null when it will arrive. */
    public final GraphError failure;
    DeliveryStatus status;
    int webhookHttp;
    boolean fetched;
    boolean seen;
    boolean posting;
    boolean timerPending;
    long statusMillis;
    long revision;

    public Entry(String wamid, boolean fromCitizen, String type, JsonNode body, long millis, int apiVersion, GraphError failure) {
      this.wamid = wamid;
      this.fromCitizen = fromCitizen;
      this.type = type;
      this.body = body;
      this.millis = millis;
      this.apiVersion = apiVersion;
      this.failure = failure;
      this.statusMillis = millis;
    }
  }

  /** A snapshot of an entry for the phone page. */
  record EntryView(long revision, String wamid, boolean fromCitizen, String type, JsonNode body, long millis,
                   DeliveryStatus status, int webhookHttp) {}

  /** What a phone page fetch returns, and which business messages it just delivered. */
  record Fetch(long revision, List<EntryView> entries, List<Entry> newlyFetched, boolean typing) {}

  private record ReceivedWaiter(int count, CompletableFuture<List<ReceivedSend>> future) {}

  Conversation(String phoneNumberId, String waId, int historyCap, int pairBurst, double pairPerSecond, long nowMillis) {
    this.phoneNumberId = phoneNumberId;
    this.waId = waId;
    this.historyCap = historyCap;
    this.pairLimit = new TokenBucket(pairBurst, pairPerSecond, nowMillis);
  }

  public boolean takePairToken(long nowMillis) {
    return pairLimit.tryTake(nowMillis);
  }

  public synchronized boolean windowOpen(long nowMillis) {
    return lastCitizenMessageMillis != Long.MIN_VALUE && nowMillis - lastCitizenMessageMillis < WINDOW_MILLIS;
  }

  synchronized String profileName() {
    return profileName;
  }

  synchronized void profileName(String name) {
    if (name != null && !name.isBlank()) profileName = name;
  }

  /** Adds a message; returns how many old ones fell out of the history. */
  int add(Entry entry) {
    List<Runnable> wake = new ArrayList<>();
    int dropped = 0;
    synchronized (this) {
      entries.addLast(entry);
      while (entries.size() > historyCap) {
        entries.removeFirst();
        dropped++;
      }
      if (entry.fromCitizen) {
        lastCitizenMessageMillis = entry.millis;
      } else if (entry.failure == null) {
        receivedCount++;
        typingUntilMillis = Long.MIN_VALUE;
        Iterator<ReceivedWaiter> it = receivedWaiters.iterator();
        while (it.hasNext()) {
          ReceivedWaiter w = it.next();
          if (receivedCount >= w.count()) {
            List<ReceivedSend> list = received(false);
            wake.add(() -> w.future().complete(list));
            it.remove();
          }
        }
      }
      touch(entry, wake);
    }
    wake.forEach(Runnable::run);
    return dropped;
  }

  /** Applies a change to one entry and wakes the pages watching. */
  void update(Entry entry, java.util.function.Consumer<Entry> change) {
    List<Runnable> wake = new ArrayList<>();
    synchronized (this) {
      change.accept(entry);
      touch(entry, wake);
    }
    wake.forEach(Runnable::run);
  }

  /** The status webhook in flight for this message is done, answered or not: the next may be claimed. */
  public void statusPosted(Entry entry, long nowMillis) {
    update(entry, e -> {
      e.posting = false;
      e.statusMillis = nowMillis;
    });
  }

  /** The timer that was to look at this message again has fired. */
  public void timerFired(Entry entry) {
    update(entry, e -> e.timerPending = false);
  }

  public void typing(long nowMillis) {
    List<Runnable> wake = new ArrayList<>();
    synchronized (this) {
      typingUntilMillis = nowMillis + TYPING_MILLIS;
      revision++;
      wakePages(wake);
    }
    wake.forEach(Runnable::run);
  }

  private void touch(Entry entry, List<Runnable> wake) {
    entry.revision = ++revision;
    wakePages(wake);
  }

  private void wakePages(List<Runnable> wake) {
    List<CompletableFuture<Void>> waiting = new ArrayList<>(changeWaiters);
    changeWaiters.clear();
    waiting.forEach(f -> wake.add(() -> f.complete(null)));
  }

  /**
   * Completes when something changes after {@code afterRevision}; at once if it already has, or if the
   * cursor is from before a reset (then the page gets everything again).
   */
  synchronized CompletableFuture<Void> changeAfter(long afterRevision) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (revision != afterRevision) {
      f.complete(null);
    } else {
      changeWaiters.add(f);
    }
    return f;
  }

  synchronized void forget(CompletableFuture<Void> waiter) {
    changeWaiters.remove(waiter);
  }

  /** What a phone page sees after its cursor; business messages it gets now count as delivered. */
  synchronized Fetch fetch(long afterRevision, long nowMillis) {
    lastWatchedMillis = nowMillis;
    List<EntryView> views = new ArrayList<>();
    List<Entry> newlyFetched = new ArrayList<>();
    long after = afterRevision > revision ? -1 : afterRevision;
    for (Entry e : entries) {
      if (e.revision <= after || (!e.fromCitizen && e.failure != null)) continue;
      views.add(new EntryView(e.revision, e.wamid, e.fromCitizen, e.type, e.body, e.millis, e.status, e.webhookHttp));
      if (!e.fromCitizen && !e.fetched) {
        e.fetched = true;
        newlyFetched.add(e);
      }
    }
    return new Fetch(revision, views, newlyFetched, typingUntilMillis > nowMillis);
  }

  synchronized void watch(long nowMillis) {
    lastWatchedMillis = nowMillis;
  }

  synchronized boolean watched(long nowMillis) {
    return lastWatchedMillis != Long.MIN_VALUE && nowMillis - lastWatchedMillis < WATCH_MILLIS;
  }

  synchronized List<Entry> markSeen(List<String> wamids) {
    List<Entry> seen = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.fromCitizen && !e.seen && wamids.contains(e.wamid)) {
        e.seen = true;
        e.fetched = true;
        seen.add(e);
      }
    }
    return seen;
  }

  /**
   * The status to report next for a business message, claimed so that only one is in flight: sent,
   * then delivered once the phone fetched it, then read once it was seen. A phone no page is watching
   * moves on by itself after {@code delayMillis}. Null when nothing is due now. The entry takes the
   * status at once; its webhook follows.
   */
  public synchronized DeliveryStatus claimNextStatus(Entry e, long nowMillis, long delayMillis) {
    if (e.posting) return null;
    boolean elapsed = !watched(nowMillis) && nowMillis - e.statusMillis >= delayMillis;
    DeliveryStatus next;
    if (e.failure != null) next = e.status == null ? DeliveryStatus.FAILED : null;
    else if (e.status == null) next = DeliveryStatus.SENT;
    else if (e.status == DeliveryStatus.SENT) next = e.fetched || elapsed ? DeliveryStatus.DELIVERED : null;
    else if (e.status == DeliveryStatus.DELIVERED) next = e.seen || elapsed ? DeliveryStatus.READ : null;
    else next = null;
    if (next != null) {
      e.posting = true;
      e.status = next;
    }
    return next;
  }

  /** True when the caller should start the one timer that looks at this message again later. */
  public synchronized boolean claimTimer(Entry e) {
    boolean done = e.status == DeliveryStatus.READ || e.status == DeliveryStatus.FAILED;
    if (done || e.posting || e.timerPending) return false;
    e.timerPending = true;
    return true;
  }

  /** Marks this citizen message and every earlier one read, as Meta's mark-as-read does. */
  public boolean markCitizenRead(String wamid) {
    List<Runnable> wake = new ArrayList<>();
    boolean found = false;
    synchronized (this) {
      for (Entry e : entries) {
        if (e.fromCitizen && e.wamid.equals(wamid)) found = true;
      }
      if (found) {
        for (Entry e : entries) {
          if (e.fromCitizen && e.status != DeliveryStatus.READ) {
            e.status = DeliveryStatus.READ;
            touch(e, wake);
          }
          if (e.wamid.equals(wamid)) break;
        }
      }
    }
    wake.forEach(Runnable::run);
    return found;
  }

  public synchronized Optional<DeliveryStatus> statusOf(String wamid) {
    return find(wamid).map(e -> e.status);
  }

  synchronized Optional<Entry> find(String wamid) {
    for (Entry e : entries) {
      if (e.wamid.equals(wamid)) return Optional.of(e);
    }
    return Optional.empty();
  }

  /** The newest business message offering this reply button or list row. */
  public synchronized Optional<ReceivedSend> latestWithChoice(String choiceId) {
    List<ReceivedSend> all = received(false);
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).choice(choiceId).isPresent()) return Optional.of(all.get(i));
    }
    return Optional.empty();
  }

  /** Business messages in arrival order; those bound to fail only when {@code includeFailing}. */
  public synchronized List<ReceivedSend> received(boolean includeFailing) {
    List<ReceivedSend> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.fromCitizen || (e.failure != null && !includeFailing)) continue;
      out.add(new ReceivedSend(e.wamid, phoneNumberId, waId, e.type, e.body, Instant.ofEpochMilli(e.millis),
          Optional.ofNullable(e.status)));
    }
    return out;
  }

  /**
   * Completes with every business message accepted for this phone (as {@link #received received(true)})
   * once there are more than {@code seen} of them: at once if there are, else at the first change that
   * makes it so. A load test waits on this instead of asking again and again.
   */
  public CompletableFuture<List<ReceivedSend>> acceptedMoreThan(int seen) {
    CompletableFuture<Void> changed;
    synchronized (this) {
      List<ReceivedSend> now = received(true);
      if (now.size() > seen) return CompletableFuture.completedFuture(now);
      changed = changeAfter(revision);
    }
    return changed.thenCompose(v -> acceptedMoreThan(seen));
  }

  /** Completes once {@code count} business messages have reached this phone since the simulator started. */
  public CompletableFuture<List<ReceivedSend>> awaitReceived(int count) {
    synchronized (this) {
      if (receivedCount < count) {
        CompletableFuture<List<ReceivedSend>> f = new CompletableFuture<>();
        receivedWaiters.add(new ReceivedWaiter(count, f));
        return f;
      }
      return CompletableFuture.completedFuture(received(false));
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /** Releases whoever waits on this conversation: it is being evicted or reset. Pages simply poll again. */
  void abandon() {
    List<CompletableFuture<List<ReceivedSend>>> tests = new ArrayList<>();
    List<CompletableFuture<Void>> pages;
    synchronized (this) {
      receivedWaiters.forEach(w -> tests.add(w.future()));
      receivedWaiters.clear();
      pages = new ArrayList<>(changeWaiters);
      changeWaiters.clear();
    }
    tests.forEach(f -> f.completeExceptionally(new IllegalStateException("conversation evicted or reset")));
    pages.forEach(f -> f.complete(null));
  }
}
