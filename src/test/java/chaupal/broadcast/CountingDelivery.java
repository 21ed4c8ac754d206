package chaupal.broadcast;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The citizens' entities as a campaign sees them: each citizen queues a campaign once (a repeat is
 * ALREADY_QUEUED, as the entity's dedup answers), the unsubscribed ones refuse; every call is timed.
 */
final class CountingDelivery implements CampaignDelivery {

  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<Long> callNanos = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<CampaignMessage> messages = new ConcurrentLinkedQueue<>();
  final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
  /** How long an entity takes to answer: a runner stopped meanwhile has handed over without recording it. */
  volatile long answerAfterMillis;
  /** The node crashed: answers still on their way never arrive (the queueing itself happened). */
  volatile boolean loseAnswers;
  /** Hand-overs asked and not answered yet, and the most there ever were at once. */
  final AtomicInteger unanswered = new AtomicInteger();
  final AtomicInteger mostUnanswered = new AtomicInteger();

  @Override
  public CompletionStage<Answer> deliver(String citizenId, CampaignMessage message) {
    callNanos.add(System.nanoTime());
    calls.computeIfAbsent(citizenId, id -> new AtomicInteger()).incrementAndGet();
    if (unsubscribed.contains(citizenId)) return CompletableFuture.completedFuture(Answer.NOT_SUBSCRIBED);
    String key = CampaignMessage.outboxKey(message.campaignId(), citizenId);
    boolean first = queued.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1;
    if (first) messages.add(message);
    Answer answer = first ? Answer.QUEUED : Answer.ALREADY_QUEUED;
    if (answerAfterMillis == 0) return CompletableFuture.completedFuture(answer);
    mostUnanswered.accumulateAndGet(unanswered.incrementAndGet(), Math::max);
    return CompletableFuture.supplyAsync(() -> answer, CompletableFuture.delayedExecutor(answerAfterMillis, TimeUnit.MILLISECONDS))
        .whenComplete((a, failure) -> unanswered.decrementAndGet())
        .thenCompose(a -> loseAnswers ? new CompletableFuture<Answer>() : CompletableFuture.completedFuture(a));
  }

  int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int queuedOnce() {
    return (int) queued.values().stream().filter(n -> n.get() >= 1).count();
  }

  /** The most calls that fell in any one second (a window starting at each call). */
  int busiestSecond() {
    return busiestSecondSince(0);
  }

  /** The same, counting only the calls made after {@code nanos} (System.nanoTime). */
  int busiestSecondSince(long nanos) {
    List<Long> times = callNanos.stream().filter(t -> t > nanos).sorted().toList();
    int most = 0;
    int j = 0;
    for (int i = 0; i < times.size(); i++) {
      while (times.get(i) - times.get(j) >= 1_000_000_000L) j++;
      most = Math.max(most, i - j + 1);
    }
    return most;
  }
}
