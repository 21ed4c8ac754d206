package chaupal.outbound;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.PhoneNumbers;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends the outbox rows of one partition: takes the head message of each citizen, sends many
 * citizens at once through the channel throttle, and records the outcomes in batches. A citizen's
 * next message is taken only after the outcome of the previous one is stored, so one citizen's
 * messages leave strictly one after another.
 *
 * <p>Rows come two ways. The projection hands over the rows of each commit ({@link Committed}), and
 * the sender takes a citizen's next message from memory. The table is queried (due heads, one query
 * for many citizens) at start, on every poll and for retries; querying it after every commit and
 * every outcome was the largest database cost under load. Memory serves a citizen only while it is
 * certain to hold the citizen's oldest pending message: not for citizens that had pending messages
 * when the sender (re)synchronized, until the table shows their head is the one in memory; not
 * while a message of the citizen waits for a retry; and not at all after memory overflowed, until
 * the table has been caught up and the sender synchronized again.
 *
 * <p>The Cloud API is at-least-once at this boundary and cannot be otherwise: if the process dies
 * after the API accepted a message but before its outcome is stored, the message is still pending
 * and is sent once more after the restart. Everything before (outbox rows) and after (statuses) is
 * exactly once. On hand-over the sender drains first, so only a crash pays this.
 */
final class OutboxSender extends AbstractBehavior<OutboxSender.Command> {

  interface Command {}

  /** It is time to look at the table again (a retry is due). */
  enum Wake implements Command { INSTANCE }

  /** The rows a projection transaction added, after its commit, in id order. */
  record Committed(List<OutboxStore.Inserted> rows) implements Command {}

  /** Send nothing new; stop once the sends on the wire are recorded (or after the drain timeout). */
  enum Drain implements Command { INSTANCE }

  private enum Poll implements Command { INSTANCE }

  private enum Refill implements Command { INSTANCE }

  private enum RecordAgain implements Command { INSTANCE }

  private enum DrainTimedOut implements Command { INSTANCE }

  private record Fetched(List<PendingMessage> rows, int limit) implements Command {}

  private record FetchFailed(Throwable cause) implements Command {}

  private record Answered(PendingMessage message, boolean asTemplate, SendResult result) implements Command {}

  private record Recorded(List<Outcome> outcomes) implements Command {}

  private record RecordFailed(List<Outcome> outcomes, Throwable cause) implements Command {}

  private record Synchronized(Set<String> pendingKeys) implements Command {}

  private record SyncFailed(Throwable cause) implements Command {}

  /**
   * Rows held in memory, at most, per message the sender may have in flight (4,096 at 64 in flight).
   * Beyond that a channel is far behind its throttle, and the table alone serves until caught up.
   */
  static final int MEMORY_PER_IN_FLIGHT = 64;

  private static final Duration RECORD_RETRY = Duration.ofSeconds(1);
  /** The API client has its own timeout; this one only keeps a citizen from waiting forever on a lost answer. */
  private static final Duration ANSWER_BACKSTOP = Duration.ofSeconds(60);

  private final int partition;
  private final OutboxSettings settings;
  private final OutboxStore store;
  private final CloudApi api;
  private final OutboundMetrics metrics;
  private final RetryPolicy policy;
  private final ChannelThrottle throttle;
  private final TimerScheduler<Command> timers;

  /** Messages taken from the outbox whose outcome is not stored yet, by citizen. */
  private final Map<String, PendingMessage> taken = new HashMap<>();
  /** Taken messages waiting for their channel's throttle, by channel; at most {@link #waitingLimit} each. */
  private final Map<String, PriorityQueue<PendingMessage>> throttled = new HashMap<>();
  private final List<Outcome> unrecorded = new ArrayList<>();

  /** Committed rows not taken yet, by citizen, in id order. */
  private final Map<String, ArrayDeque<PendingMessage>> fed = new HashMap<>();
  private int fedCount;
  /** Citizens whose next message can be taken from memory now, by the channel and lane of that message. */
  private final Map<String, LinkedHashSet<String>[]> ready = new HashMap<>();
  /** Citizens that had pending rows at the last synchronization: served from the table until it shows otherwise. */
  private final Set<String> pendingAtSync = new HashSet<>();
  /** Citizens whose head waits for a retry in the table. */
  private final Set<String> retrying = new HashSet<>();
  /** False until synchronized, and after memory overflowed: everything comes from the table then. */
  private boolean memoryServes;
  private boolean syncing;
  private boolean syncOutdated;
  /**
   * Rows taken from the table, in case their commit is handed over after the query already saw
   * them: without this such a row reached memory after it was sent and was sent again. Oldest
   * dropped beyond the memory limit, by when their hand-over has long arrived.
   */
  private final LinkedHashSet<Long> takenFromTable = new LinkedHashSet<>();
  /** Citizens taken from memory while a due-heads query runs: its answer is stale for them. */
  private final Set<String> takenDuringFetch = new HashSet<>();
  private int onTheWire;
  private boolean fetching;
  private boolean fetchAgain;
  private boolean recording;
  private boolean draining;

  private OutboxSender(ActorContext<Command> context, TimerScheduler<Command> timers, int partition, OutboxSettings settings,
      OutboxStore store, CloudApi api, OutboundMetrics metrics, LongSupplier nanoClock) {
    super(context);
    this.timers = timers;
    this.partition = partition;
    this.settings = settings;
    this.store = store;
    this.api = api;
    this.metrics = metrics;
    this.policy = RetryPolicy.of(settings);
    this.throttle = new ChannelThrottle(settings::messagesPerSecondPerWorker, nanoClock);
    timers.startTimerWithFixedDelay(Poll.INSTANCE, Poll.INSTANCE, settings.pollInterval());
    synchronize();
    fetch();
  }

  static Behavior<Command> create(int partition, OutboxSettings settings, OutboxStore store, CloudApi api,
      OutboundMetrics metrics, LongSupplier nanoClock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new OutboxSender(ctx, timers, partition, settings, store, api, metrics, nanoClock)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Wake.INSTANCE, this::onWake)
        .onMessageEquals(Poll.INSTANCE, this::onWake)
        .onMessage(Committed.class, this::onCommitted)
        .onMessage(Synchronized.class, this::onSynchronized)
        .onMessage(SyncFailed.class, this::onSyncFailed)
        .onMessageEquals(Refill.INSTANCE, this::onRefill)
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(FetchFailed.class, this::onFetchFailed)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Recorded.class, this::onRecorded)
        .onMessage(RecordFailed.class, this::onRecordFailed)
        .onMessageEquals(RecordAgain.INSTANCE, this::onRecordAgain)
        .onMessageEquals(Drain.INSTANCE, this::onDrain)
        .onMessageEquals(DrainTimedOut.INSTANCE, this::onDrainTimedOut)
        .build();
  }

  private Behavior<Command> onWake() {
    fetch();
    return this;
  }

  private void fetch() {
    if (draining) return;
    if (fetching) {
      fetchAgain = true; // rows committed after the running query's snapshot
      return;
    }
    int room = settings.maxInFlight() - taken.size();
    if (room <= 0) return; // a stored outcome frees room and fetches again
    fetching = true;
    fetchAgain = false;
    takenDuringFetch.clear();
    List<String> fullChannels = new ArrayList<>();
    throttled.forEach((channel, queue) -> {
      if (queue.size() >= waitingLimit(channel)) fullChannels.add(channel);
    });
    getContext().pipeToSelf(store.dueHeads(partition, List.copyOf(taken.keySet()), fullChannels, room),
        (rows, error) -> error == null ? new Fetched(rows, room) : new FetchFailed(error));
  }

  private Behavior<Command> onFetched(Fetched fetched) {
    fetching = false;
    Set<String> takenDuringFetch = Set.copyOf(this.takenDuringFetch);
    this.takenDuringFetch.clear();
    if (draining) return stopIfDrained();
    boolean leftSome = false;
    for (PendingMessage message : fetched.rows()) {
      // Taken from memory while the query ran: the row may even be sent and recorded by now.
      if (taken.containsKey(message.orderingKey()) || takenDuringFetch.contains(message.orderingKey())) continue;
      confirmHead(message);
      if (policy.tooOld(message)) {
        takeFromTable(message);
        outcome(new Outcome.Expired(message, false, null, "not sent: older than " + settings.maxAge()));
        continue;
      }
      PriorityQueue<PendingMessage> queue = throttled.computeIfAbsent(message.phoneNumberId(), c -> waitingQueue());
      if (queue.size() >= waitingLimit(message.phoneNumberId())) {
        leftSome = true; // stays pending; taken again once its channel's queue has room
        continue;
      }
      takeFromTable(message);
      queue.add(message);
    }
    takeFromMemory();
    sendWhatTheThrottleAllows();
    boolean more = fetchAgain || leftSome || fetched.rows().size() == fetched.limit();
    // Caught up with the table after memory overflowed: memory can serve again once synchronized.
    if (!more && !memoryServes && !syncing && fedCount == 0) synchronize();
    // Fetch again at once if the query had more, or if room left over may go to other channels.
    if (more) fetch();
    return this;
  }

  // ---- memory --------------------------------------------------------------------------------------

  /** Starts holding committed rows and asks the table which citizens have pending rows already. */
  private void synchronize() {
    if (draining) return;
    syncing = true;
    syncOutdated = false;
    memoryServes = false;
    getContext().pipeToSelf(store.pendingKeys(partition),
        (keys, error) -> error == null ? new Synchronized(keys) : new SyncFailed(error));
  }

  private Behavior<Command> onSynchronized(Synchronized synced) {
    syncing = false;
    if (draining) return stopIfDrained();
    if (syncOutdated) {
      // Memory overflowed while the query ran: rows it dropped are not in the answer. The table
      // serves until it is caught up, then the sender synchronizes again.
      syncOutdated = false;
      return this;
    }
    // Rows committed before the query are in both; their citizens are served from the table, which is safe.
    pendingAtSync.clear();
    pendingAtSync.addAll(synced.pendingKeys());
    memoryServes = true;
    fed.keySet().forEach(this::readyIfPossible);
    takeFromMemory();
    sendWhatTheThrottleAllows();
    return this;
  }

  private Behavior<Command> onSyncFailed(SyncFailed failed) {
    syncing = false;
    getContext().getLog().warn("Outbox {}: could not read the pending citizens, serving from the table: {}", partition,
        failed.cause().toString());
    forgetMemory(); // the next fetch that finds the table caught up synchronizes again
    return draining ? stopIfDrained() : this;
  }

  private Behavior<Command> onCommitted(Committed committed) {
    if (draining) return this; // the rows are pending in the table for the next sender
    if (!memoryServes && !syncing) {
      fetch(); // overflowed: the table serves, as woken by the commit
      return this;
    }
    int memoryLimit = MEMORY_PER_IN_FLIGHT * settings.maxInFlight();
    if (fedCount + committed.rows().size() > memoryLimit) {
      getContext().getLog().info("Outbox {}: more than {} messages waiting; taking them from the table until it is caught up",
          partition, memoryLimit);
      forgetMemory();
      fetch();
      return this;
    }
    for (OutboxStore.Inserted inserted : committed.rows()) {
      PendingMessage row = inserted.message();
      if (takenFromTable.remove(row.id())) continue; // the table was quicker than the hand-over
      // Another partition holds an older message of this citizen: only the table knows their order.
      if (inserted.behind()) pendingAtSync.add(row.orderingKey());
      fed.computeIfAbsent(row.orderingKey(), k -> new ArrayDeque<>()).add(row);
      fedCount++;
      readyIfPossible(row.orderingKey());
    }
    takeFromMemory();
    sendWhatTheThrottleAllows();
    return this;
  }

  private void forgetMemory() {
    if (syncing) syncOutdated = true;
    memoryServes = false;
    fed.clear();
    fedCount = 0;
    ready.clear();
  }

  private boolean servedFromTable(String key) {
    return !memoryServes || pendingAtSync.contains(key) || retrying.contains(key);
  }

  private void readyIfPossible(String key) {
    if (taken.containsKey(key) || servedFromTable(key)) return;
    ArrayDeque<PendingMessage> rows = fed.get(key);
    if (rows == null || rows.isEmpty()) return;
    PendingMessage next = rows.peekFirst();
    ready.computeIfAbsent(next.phoneNumberId(), c -> lanes())[next.lane().ordinal()].add(key);
  }

  /**
   * A head read from the table: if memory holds the same row first, memory is complete for this
   * citizen from here on; if memory holds a later row first, it is not, and the table serves.
   */
  private void confirmHead(PendingMessage head) {
    ArrayDeque<PendingMessage> rows = fed.get(head.orderingKey());
    if (rows == null || rows.isEmpty()) return;
    long first = rows.peekFirst().id();
    if (first == head.id()) {
      pendingAtSync.remove(head.orderingKey());
    } else if (first > head.id()) {
      pendingAtSync.add(head.orderingKey());
    }
  }

  private void takeFromTable(PendingMessage message) {
    take(message);
    takenFromTable.add(message.id());
    int limit = MEMORY_PER_IN_FLIGHT * settings.maxInFlight();
    for (Iterator<Long> oldest = takenFromTable.iterator(); takenFromTable.size() > limit; ) {
      oldest.next();
      oldest.remove();
    }
  }

  /** Marks a citizen's message taken, wherever it came from, and drops it from memory. */
  private void take(PendingMessage message) {
    taken.put(message.orderingKey(), message);
    ArrayDeque<PendingMessage> rows = fed.get(message.orderingKey());
    if (rows != null) {
      while (!rows.isEmpty() && rows.peekFirst().id() <= message.id()) {
        rows.pollFirst();
        fedCount--;
      }
      if (rows.isEmpty()) fed.remove(message.orderingKey());
    }
    LinkedHashSet<String>[] waiting = ready.get(message.phoneNumberId());
    if (waiting != null) waiting[message.lane().ordinal()].remove(message.orderingKey());
  }

  /** Takes ready citizens' next messages, lane by lane, while the sender has room and their channel's queue too. */
  private void takeFromMemory() {
    if (!memoryServes || draining) return;
    List<String> refile = new ArrayList<>();
    for (Iterator<Map.Entry<String, LinkedHashSet<String>[]>> channels = ready.entrySet().iterator(); channels.hasNext(); ) {
      Map.Entry<String, LinkedHashSet<String>[]> channel = channels.next();
      PriorityQueue<PendingMessage> queue = throttled.computeIfAbsent(channel.getKey(), c -> waitingQueue());
      int limit = waitingLimit(channel.getKey());
      boolean empty = true;
      for (LinkedHashSet<String> lane : channel.getValue()) {
        for (Iterator<String> keys = lane.iterator(); keys.hasNext(); ) {
          if (taken.size() >= settings.maxInFlight() || queue.size() >= limit) break;
          String key = keys.next();
          keys.remove();
          ArrayDeque<PendingMessage> rows = fed.get(key);
          if (rows == null || rows.isEmpty() || taken.containsKey(key) || servedFromTable(key)) continue;
          PendingMessage next = rows.peekFirst();
          if (!next.phoneNumberId().equals(channel.getKey())) {
            refile.add(key); // its next message goes through another channel; filed there after this loop
            continue;
          }
          take(next);
          if (fetching) takenDuringFetch.add(key);
          queue.add(next);
        }
        empty &= lane.isEmpty();
      }
      if (empty) channels.remove();
      if (queue.isEmpty()) throttled.remove(channel.getKey());
    }
    refile.forEach(this::readyIfPossible);
  }

  @SuppressWarnings("unchecked")
  private static LinkedHashSet<String>[] lanes() {
    LinkedHashSet<String>[] lanes = new LinkedHashSet[Lane.values().length];
    for (int i = 0; i < lanes.length; i++) lanes[i] = new LinkedHashSet<>();
    return lanes;
  }

  /** Messages waiting for their channel's tokens: replies before notifications before campaigns, then outbox order. */
  private static PriorityQueue<PendingMessage> waitingQueue() {
    return new PriorityQueue<>(Comparator.comparing(PendingMessage::lane).thenComparingLong(PendingMessage::id));
  }

  /** A second of the channel's share, and never more than half the sender's room: other channels keep the rest. */
  private int waitingLimit(String channel) {
    return Math.min(throttle.backlog(channel), Math.max(1, settings.maxInFlight() / 2));
  }

  private Behavior<Command> onFetchFailed(FetchFailed failed) {
    fetching = false;
    getContext().getLog().warn("Outbox {}: could not read due messages, polling again: {}", partition, failed.cause().toString());
    return draining ? stopIfDrained() : this;
  }

  private Behavior<Command> onRefill() {
    if (!draining) sendWhatTheThrottleAllows();
    return this;
  }

  private void sendWhatTheThrottleAllows() {
    long wait = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, PriorityQueue<PendingMessage>>> it = throttled.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, PriorityQueue<PendingMessage>> entry = it.next();
      PriorityQueue<PendingMessage> queue = entry.getValue();
      while (!queue.isEmpty() && throttle.tryAcquire(entry.getKey())) send(queue.poll());
      if (queue.isEmpty()) {
        it.remove();
      } else {
        wait = Math.min(wait, throttle.nanosUntilAvailable(entry.getKey()));
      }
    }
    if (wait != Long.MAX_VALUE) {
      timers.startSingleTimer(Refill.INSTANCE, Refill.INSTANCE, Duration.ofNanos(Math.max(wait, 1_000_000)));
    }
  }

  private void send(PendingMessage message) {
    ServiceWindow.Choice choice = ServiceWindow.choose(message, System.currentTimeMillis());
    if (choice instanceof ServiceWindow.Refuse refused) {
      getContext().getLog().info("Outbox {}: {} to {} {}", partition, message.messageKey(),
          PhoneNumbers.mask(message.recipient()), refused.reason());
      outcome(refused.outcome());
      return;
    }
    ServiceWindow.Send request = (ServiceWindow.Send) choice;
    onTheWire++;
    CompletionStage<SendResult> answer;
    try {
      answer = api.send(message.phoneNumberId(), request.json()).toCompletableFuture().copy()
          .orTimeout(ANSWER_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    // No answer (a failed stage or the backstop) is retryable: the API may or may not have taken it.
    getContext().pipeToSelf(answer, (result, error) -> new Answered(message, request.asTemplate(),
        result != null ? result : new SendResult.Rejected(0, null, true, Duration.ZERO)));
  }

  private Behavior<Command> onAnswered(Answered answered) {
    onTheWire--;
    Outcome outcome = policy.decide(answered.message(), answered.asTemplate(), answered.result(), ThreadLocalRandom.current());
    if (outcome instanceof Outcome.Retry) {
      getContext().getLog().debug("Outbox {}: {} to {} refused for now ({})", partition, answered.message().messageKey(),
          PhoneNumbers.mask(answered.message().recipient()), describe(answered.result()));
    } else if (!(outcome instanceof Outcome.Accepted)) {
      getContext().getLog().info("Outbox {}: {} to {} -> {} ({})", partition, answered.message().messageKey(),
          PhoneNumbers.mask(answered.message().recipient()), outcome.state().column(), describe(answered.result()));
    }
    outcome(outcome);
    return draining ? stopIfDrained() : this;
  }

  private void outcome(Outcome outcome) {
    unrecorded.add(outcome);
    record();
  }

  // Outcomes that arrive while a write runs wait for it and go in the next one: batches form by themselves.
  private void record() {
    if (recording || unrecorded.isEmpty()) return;
    List<Outcome> batch = List.copyOf(unrecorded);
    unrecorded.clear();
    recording = true;
    getContext().pipeToSelf(store.record(batch),
        (rows, error) -> error == null ? new Recorded(batch) : new RecordFailed(batch, error));
  }

  private Behavior<Command> onRecorded(Recorded recorded) {
    recording = false;
    Duration soonestRetry = null;
    boolean tableServes = false;
    for (Outcome outcome : recorded.outcomes()) {
      String key = outcome.message().orderingKey();
      taken.remove(key);
      count(outcome);
      if (outcome instanceof Outcome.Retry retry) {
        retrying.add(key); // its message stays at the head in the table, due later
        if (soonestRetry == null || retry.delay().compareTo(soonestRetry) < 0) soonestRetry = retry.delay();
      } else {
        retrying.remove(key);
      }
      if (servedFromTable(key)) {
        tableServes = true;
      } else {
        readyIfPossible(key);
      }
    }
    if (soonestRetry != null && soonestRetry.compareTo(settings.pollInterval()) < 0) {
      timers.startSingleTimer(Wake.INSTANCE, Wake.INSTANCE, soonestRetry);
    }
    record();
    if (draining) return stopIfDrained();
    takeFromMemory();
    sendWhatTheThrottleAllows();
    if (tableServes) fetch(); // a citizen served from the table may have its next message there
    return this;
  }

  private void count(Outcome outcome) {
    if (outcome instanceof Outcome.Accepted) {
      metrics.accepted();
    } else if (outcome instanceof Outcome.Retry) {
      metrics.retried();
    } else if (outcome instanceof Outcome.Failed failed) {
      metrics.failed(failed.errorCode() == null ? "none" : failed.errorCode().toString());
    } else {
      metrics.expired();
    }
  }

  private Behavior<Command> onRecordFailed(RecordFailed failed) {
    recording = false;
    getContext().getLog().warn("Outbox {}: could not store {} outcomes, trying again: {}", partition,
        failed.outcomes().size(), failed.cause().toString());
    unrecorded.addAll(0, failed.outcomes());
    timers.startSingleTimer(RecordAgain.INSTANCE, RecordAgain.INSTANCE, RECORD_RETRY);
    return this;
  }

  private Behavior<Command> onRecordAgain() {
    record();
    return draining ? stopIfDrained() : this;
  }

  private Behavior<Command> onDrain() {
    draining = true;
    timers.cancel(Poll.INSTANCE);
    timers.cancel(Refill.INSTANCE);
    throttled.values().forEach(queue -> queue.forEach(m -> taken.remove(m.orderingKey()))); // still pending in the outbox
    throttled.clear();
    forgetMemory(); // pending in the outbox too
    timers.startSingleTimer(DrainTimedOut.INSTANCE, DrainTimedOut.INSTANCE, settings.drainTimeout());
    return stopIfDrained();
  }

  private Behavior<Command> stopIfDrained() {
    if (onTheWire == 0 && !recording && unrecorded.isEmpty() && !fetching && !syncing) return Behaviors.stopped();
    return this;
  }

  private Behavior<Command> onDrainTimedOut() {
    getContext().getLog().warn("Outbox {}: stopping with {} sends unanswered or {} outcomes unstored; they will be sent again",
        partition, onTheWire, unrecorded.size() + (recording ? 1 : 0));
    return Behaviors.stopped();
  }

  private static String describe(SendResult result) {
    return result instanceof SendResult.Rejected r ? r.describe() : "accepted";
  }
}
