package chaupal.ingress;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.dispatch.ExecutionContexts;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides whether the node is too busy to take another webhook. The in-flight limit only counts
 * requests the route already has; on a saturated node the wait is elsewhere, where no count sees
 * it: queued behind other work for a thread, or behind other writes for the journal. A cold JVM at
 * full rate answered every request it read with 200 while senders waited 37-53 s and their
 * connections timed out; 1,000 new citizens a second made the journal so slow that webhooks waited
 * the whole persist timeout before their 503 (docs/PERFORMANCE.md).
 *
 * <p>It judges by two waits, and sheds when either is over the {@code target}:
 * <ul>
 *   <li>How long a task waits for a thread on the dispatchers that serve a webhook. A probe is
 *       handed to each every {@code probeEvery} and the wait is smoothed (a third of each new
 *       sample). A probe still waiting counts with its wait so far, so a stalled dispatcher is seen
 *       before its probe runs.
 *   <li>How long a citizen's entity takes to persist a message, as a standing queue: the shortest
 *       of these waits in the last complete {@value #WINDOW_MS} ms window (the idea of CoDel). One
 *       slow write does not count; when even the quickest one in a window waited longer than the
 *       target, every webhook in it did. A window with fewer than {@value #MIN_WRITES} writes
 *       counts as no queue, so admission resumes and the next writes judge again.
 * </ul>
 * Over the target, a share of the webhooks is shed (503 with Retry-After, Meta delivers again),
 * growing linearly to all of them at twice the target. Shedding only takes work away, so the waits
 * fall back and admission resumes: what is admitted is answered near the target instead of
 * waiting for the backlog. With fewer than {@value #MIN_BUSY} webhooks in progress nothing is shed:
 * a node just started (whose first writes and JIT pauses are slow) or busy with other work is not
 * relieved by refusing its few webhooks.
 */
public final class LoadShedder {

  private static final double SMOOTHING = 1.0 / 3;
  static final long WINDOW_MS = 500;
  private static final long WINDOW_NANOS = WINDOW_MS * 1_000_000;
  /** Webhooks in progress below which nothing is shed: a few cannot be what overloads the node. */
  static final int MIN_BUSY = 16;
  /** Writes a window needs before its quickest one says anything about a queue. */
  static final int MIN_WRITES = 8;
  /** Citizens whose writes a window needs: one flooding number's own queue is no queue of the node. */
  static final int MIN_CITIZENS = 4;

  private final long targetNanos;
  private final int minBusy;
  private final LongSupplier clock;
  private final MeterRegistry metrics;
  private final List<Probe> probes = new CopyOnWriteArrayList<>(); // added at start, read by every request

  private final Object windowLock = new Object();
  private long windowStart;
  private final AtomicLong quickestInWindow = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong writesInWindow = new AtomicLong();
  /** The citizens of the window's writes, one bit per hash bucket. */
  private final AtomicLong citizensInWindow = new AtomicLong();
  private volatile long standingNanos; // the quickest persist of the last complete window, 0 if none

  LoadShedder(Duration target, LongSupplier clock, MeterRegistry metrics) {
    this(target, MIN_BUSY, clock, metrics);
  }

  LoadShedder(Duration target, int minBusy, LongSupplier clock, MeterRegistry metrics) {
    this.minBusy = minBusy;
    this.targetNanos = target.toNanos();
    this.clock = clock;
    this.metrics = metrics;
    this.windowStart = clock.getAsLong();
    Gauge.builder("chaupal.webhook.persist.standing", this, s -> s.standingNanos() / 1e9)
        .description("the quickest persist of a webhook's message in the last half second, in seconds: a standing queue when high")
        .baseUnit("seconds").register(metrics);
  }

  /**
   * A message of a citizen's webhook was persisted (or its entity gave up) this long after it was
   * asked. One citizen's messages wait behind each other in its entity: a number flooding the node
   * waits long on every write while the node is idle, so a window needs writes of {@value
   * #MIN_CITIZENS} citizens at least (told apart by a hash, collisions count once) to show a queue.
   */
  void persisted(String citizenKey, long waitNanos) {
    roll();
    quickestInWindow.accumulateAndGet(waitNanos, Math::min);
    writesInWindow.incrementAndGet();
    long citizen = 1L << (citizenKey.hashCode() & 63);
    citizensInWindow.accumulateAndGet(citizen, (seen, one) -> seen | one);
  }

  /** The quickest persist of the last complete window; 0 when it had none, or is long past. */
  long standingNanos() {
    roll();
    return standingNanos;
  }

  private void roll() {
    long now = clock.getAsLong();
    if (now - windowStart < WINDOW_NANOS) return;
    synchronized (windowLock) {
      long elapsed = now - windowStart;
      if (elapsed < WINDOW_NANOS) return;
      long quickest = quickestInWindow.getAndSet(Long.MAX_VALUE);
      long writes = writesInWindow.getAndSet(0);
      int citizens = Long.bitCount(citizensInWindow.getAndSet(0));
      standingNanos = elapsed >= 2 * WINDOW_NANOS || writes < MIN_WRITES || citizens < MIN_CITIZENS ? 0 : quickest;
      windowStart = now;
    }
  }

  /**
   * Starts probing the dispatchers that serve a webhook, by name (the metrics' tag) and config path:
   * e.g. the default one (HTTP streams, routes, entities) and Akka's internal one (the TCP
   * connections' reads and writes, sharding). A {@code target} of zero never sheds, but the waits
   * are still measured and published.
   */
  public static LoadShedder start(ActorSystem<?> system, Map<String, String> dispatchers, Duration target, Duration probeEvery,
      MeterRegistry metrics) {
    LoadShedder shedder = new LoadShedder(target, System::nanoTime, metrics);
    List<Runnable> rounds = new ArrayList<>();
    dispatchers.forEach((name, path) -> {
      Executor dispatcher = system.dispatchers().lookup(DispatcherSelector.fromConfig(path));
      Probe probe = shedder.probe(name);
      rounds.add(() -> probe.send(dispatcher));
    });
    // The scheduler's own thread hands the probes over, so their wait starts at the hand-over.
    Cancellable probing = system.scheduler().scheduleAtFixedRate(probeEvery, probeEvery,
        () -> rounds.forEach(Runnable::run), ExecutionContexts.fromExecutor((Executor) Runnable::run));
    system.getWhenTerminated().thenRun(probing::cancel);
    return shedder;
  }

  /** A new probe of one dispatcher, judged with the others. */
  Probe probe(String dispatcher) {
    Probe probe = new Probe(dispatcher);
    probes.add(probe);
    return probe;
  }

  /** The longest wait judged by: the probed dispatchers' and the journal's standing queue. */
  long lagNanos() {
    long lag = standingNanos();
    for (Probe p : probes) lag = Math.max(lag, p.lagNanos());
    return lag;
  }

  /** The share of webhooks to shed now, from 0 (at or below the target) to 1 (at twice the target). */
  double shedShare() {
    if (targetNanos <= 0) return 0;
    long over = lagNanos() - targetNanos;
    return over <= 0 ? 0 : Math.min(1.0, (double) over / targetNanos);
  }

  /** Whether to shed this webhook, with {@code busy} others in progress. */
  boolean shed(int busy) {
    if (busy < minBusy) return false;
    double share = shedShare();
    return share > 0 && (share >= 1 || ThreadLocalRandom.current().nextDouble() < share);
  }

  /** How long tasks wait for a thread on one dispatcher. */
  final class Probe {
    private volatile long smoothedNanos;
    private volatile long sentAt; // 0 when no probe is waiting
    private final DistributionSummary samples;

    private Probe(String dispatcher) {
      this.samples = DistributionSummary.builder("chaupal.dispatcher.wait").tag("dispatcher", dispatcher)
          .description("how long a task waited for a thread on the dispatcher, in seconds (sampled)")
          .baseUnit("seconds").publishPercentiles(0.5, 0.99).register(metrics);
      Gauge.builder("chaupal.dispatcher.wait.smoothed", this, p -> p.lagNanos() / 1e9).tag("dispatcher", dispatcher)
          .description("the wait the load shedder judges by, in seconds").baseUnit("seconds").register(metrics);
    }

    /** Hands one probe to the executor, unless the last one is still waiting. */
    void send(Executor executor) {
      if (sentAt != 0) return;
      long sent = clock.getAsLong();
      sentAt = sent;
      executor.execute(() -> sampled(clock.getAsLong() - sent));
    }

    void sampled(long waitNanos) {
      smoothedNanos = (long) (SMOOTHING * waitNanos + (1 - SMOOTHING) * smoothedNanos);
      sentAt = 0;
      samples.record(waitNanos / 1e9);
    }

    /** The smoothed samples, or a probe's wait so far when that is longer. */
    long lagNanos() {
      long sent = sentAt;
      long waiting = sent == 0 ? 0 : clock.getAsLong() - sent;
      return Math.max(smoothedNanos, waiting);
    }
  }
}
