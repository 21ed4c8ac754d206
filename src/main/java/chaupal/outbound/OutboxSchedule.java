package chaupal.outbound;

import chaupal.whatsapp.ErrorCodes;
import chaupal.whatsapp.OutgoingContent;
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
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.event.Level;

/**
 * Every decision of the sender of one partition, without I/O: each event (rows committed, rows
 * fetched, an answer, outcomes stored, a timer) returns what to do now ({@link Effect}s), which
 * {@link OutboxSender} carries out. It takes the head message of each citizen, sends many citizens
 * at once through the channel throttle, and records the outcomes in batches. A citizen's next
 * message is taken only after the outcome of the previous one is stored, so one citizen's
 * messages leave strictly one after another.
 *
 * <p>Rows come two ways. The projection hands over the rows of each commit ({@link #committed}), and
 * the schedule takes a citizen's next message from memory. The table is queried (due heads, one
 * query for many citizens) at start, on every poll and for retries; querying it after every commit
 * and every outcome was the largest database cost under load. Memory serves a citizen only while
 * it is certain to hold the citizen's oldest pending message: not for citizens that had pending
 * messages when the sender (re)synchronized, until the table shows their head is the one in memory;
 * not while a message of the citizen waits for a retry; and not at all after memory overflowed,
 * until the table has been caught up and the sender synchronized again.
 *
 * <p>Time is given with every event: the throttle counts in {@link Now#nanos}, the service window
 * in {@link Now#epochMillis}. Used by one actor only.
 */
final class OutboxSchedule {

  /** When an event happens. */
  record Now(long nanos, long epochMillis) {}

  /** Something the sender does for the schedule. */
  sealed interface Effect {}

  /** Read up to {@code limit} due heads from the table, not of these citizens nor through these channels. */
  record Fetch(List<String> busyKeys, List<String> fullChannels, int limit) implements Effect {}

  /** Ask the table which citizens have pending rows ({@link #synced} or {@link #syncFailed}). */
  enum Synchronize implements Effect { INSTANCE }

  /** Send this request for the message; its answer comes back as {@link #answered}. */
  record Send(PendingMessage message, ServiceWindow.Send request) implements Effect {}

  /**
   * Mark these campaign messages on the wire in one write, not due for {@code doubtWindow}, then send
   * them (whether or not the write went through: at worst a successor sends one again at once, as before
   * the mark). A successor of a sender that died with them unanswered waits that long for a status naming them.
   */
  record OnTheWire(List<Send> sends, Duration doubtWindow) implements Effect {}

  /** Store these outcomes in one write ({@link #recorded} or {@link #recordFailed}). */
  record Store(List<Outcome> outcomes) implements Effect {}

  /** Deliver the timer's event after the delay, replacing the same timer if it is set. */
  record Later(Timer timer, Duration delay) implements Effect {}

  /**
   * Make the channel's messages that back off from an outage due now ({@link RetryPolicy#outage}), in
   * every partition (the others find theirs at their next poll); then {@link #wake}.
   */
  record Revive(String channel) implements Effect {}

  /**
   * Make the oldest of this partition's messages backing off from an outage on the channel due now,
   * so that it tries the API; answer how many were made due with {@link #probed}.
   */
  record Probe(String channel) implements Effect {}

  /** A line for the operator. */
  record Note(Level level, String text) implements Effect {}

  /** Drained (or given up draining): the sender stops. */
  enum Stop implements Effect { INSTANCE }

  enum Timer {
    /** {@link #throttleTick}: a throttled channel has a token again. */
    THROTTLE,
    /** {@link #wake}: a retry is due. */
    RETRY_DUE,
    /** {@link #recordAgain}: a failed write of outcomes is tried again. */
    RECORD_AGAIN,
    /** {@link #drainTimedOut}. */
    DRAIN_DEADLINE,
    /** {@link #probe}: a channel in an outage is tried with one message. */
    OUTAGE_PROBE
  }

  /**
   * Rows held in memory, at most, per message the sender may have in flight (4,096 at 64 in flight).
   * Beyond that a channel is far behind its throttle, and the table alone serves until caught up.
   */
  static final int MEMORY_PER_IN_FLIGHT = 64;

  static final Duration RECORD_RETRY = Duration.ofSeconds(1);

  /**
   * How often a channel in an outage is tried with one message while all of this partition's
   * messages on it back off: without it, a partition whose few citizens all back off waited out
   * a backoff grown during the outage (minutes by the 8th failure) long after the API was back.
   */
  static final Duration OUTAGE_PROBE = Duration.ofSeconds(3);

  private final OutboxSettings settings;
  private final RetryPolicy policy;
  private final RandomGenerator random;
  private final ChannelThrottle throttle;
  /** The time of the event being handled: the throttle reads the nanos, the service window the millis. */
  private long nanos;
  private long epochMillis;
  private List<Effect> effects = new ArrayList<>();
  /** Campaign sends of the event being handled: they go in one {@link OnTheWire} at its end. */
  private final List<Send> marking = new ArrayList<>();

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
  private final TemplateRegistry templates;
  /**
   * Channels with messages backing off from an outage: a backoff grown during a long outage would
   * keep them waiting long after it ended, so the first send that goes through revives them, and
   * one of them is tried every {@link #OUTAGE_PROBE} in case no other send goes through.
   */
  private final Set<String> outageOn = new HashSet<>();
  private int onTheWire;
  private boolean fetching;
  private int fetchLimit;
  private boolean fetchAgain;
  private boolean recording;
  private boolean draining;

  OutboxSchedule(OutboxSettings settings, RandomGenerator random) {
    this(settings, random, TemplateRegistry.NONE);
  }

  OutboxSchedule(OutboxSettings settings, RandomGenerator random, TemplateRegistry templates) {
    this.templates = templates;
    this.settings = settings;
    this.policy = RetryPolicy.of(settings);
    this.random = random;
    this.throttle = new ChannelThrottle(settings::messagesPerSecondPerWorker, () -> nanos);
  }

  // ---- events ----------------------------------------------------------------------------------------

  List<Effect> start(Now now) {
    at(now);
    synchronize();
    fetch();
    return done();
  }

  /** A poll, or a retry is due: look at the table again. */
  List<Effect> wake(Now now) {
    at(now);
    fetch();
    return done();
  }

  List<Effect> throttleTick(Now now) {
    at(now);
    if (!draining) sendWhatTheThrottleAllows();
    return done();
  }

  /** The rows a projection transaction added, after its commit, in id order. */
  List<Effect> committed(Now now, List<OutboxStore.Inserted> rows) {
    at(now);
    if (draining) return done(); // the rows are pending in the table for the next sender
    if (!memoryServes && !syncing) {
      fetch(); // overflowed: the table serves, as woken by the commit
      return done();
    }
    int memoryLimit = memoryLimit();
    if (fedCount + rows.size() > memoryLimit) {
      note(Level.INFO, "more than " + memoryLimit + " messages waiting; taking them from the table until it is caught up");
      forgetMemory();
      fetch();
      return done();
    }
    boolean behindSome = false;
    for (OutboxStore.Inserted inserted : rows) {
      PendingMessage row = inserted.message();
      if (takenFromTable.remove(row.id())) continue; // the table was quicker than the hand-over
      // An older message of this citizen is elsewhere (another partition, or a notification the
      // citizen's message just woke): only the table knows their order.
      if (inserted.behind()) {
        pendingAtSync.add(row.orderingKey());
        behindSome = true;
      }
      fed.computeIfAbsent(row.orderingKey(), k -> new ArrayDeque<>()).add(row);
      fedCount++;
      readyIfPossible(row.orderingKey());
    }
    takeFromMemory();
    sendWhatTheThrottleAllows();
    if (behindSome) fetch(); // the older message may be due now: do not leave it to the next poll
    return done();
  }

  List<Effect> fetched(Now now, List<PendingMessage> rows) {
    at(now);
    fetching = false;
    Set<String> takenDuringFetch = Set.copyOf(this.takenDuringFetch);
    this.takenDuringFetch.clear();
    if (draining) return stopIfDrained();
    boolean leftSome = false;
    for (PendingMessage message : rows) {
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
    boolean more = fetchAgain || leftSome || rows.size() == fetchLimit;
    // Caught up with the table after memory overflowed: memory can serve again once synchronized.
    if (!more && !memoryServes && !syncing && fedCount == 0) synchronize();
    // Fetch again at once if the query had more, or if room left over may go to other channels.
    if (more) fetch();
    return done();
  }

  List<Effect> fetchFailed(Now now) {
    at(now);
    fetching = false;
    return draining ? stopIfDrained() : done();
  }

  /** The citizens that had pending rows when the {@link Synchronize} query ran. */
  List<Effect> synced(Now now, Set<String> pendingKeys) {
    at(now);
    syncing = false;
    if (draining) return stopIfDrained();
    if (syncOutdated) {
      // Memory overflowed while the query ran: rows it dropped are not in the answer. The table
      // serves until it is caught up, then the sender synchronizes again.
      syncOutdated = false;
      return done();
    }
    // Rows committed before the query are in both; their citizens are served from the table, which is safe.
    pendingAtSync.clear();
    pendingAtSync.addAll(pendingKeys);
    memoryServes = true;
    fed.keySet().forEach(this::readyIfPossible);
    takeFromMemory();
    sendWhatTheThrottleAllows();
    return done();
  }

  List<Effect> syncFailed(Now now) {
    at(now);
    syncing = false;
    forgetMemory(); // the next fetch that finds the table caught up synchronizes again
    return draining ? stopIfDrained() : done();
  }

  /** The API's answer to a {@link Send}; no answer at all is a retryable rejection. */
  List<Effect> answered(Now now, PendingMessage message, boolean asTemplate, SendResult result) {
    at(now);
    onTheWire--;
    Outcome outcome = policy.decide(message, asTemplate, result, random);
    String describe = result instanceof SendResult.Rejected r ? r.describe() : "accepted";
    if (outcome instanceof Outcome.Retry) {
      note(Level.DEBUG, about(message) + " refused for now (" + describe + ")");
    } else if (outcome instanceof Outcome.AwaitingWindow) {
      note(Level.INFO, about(message) + " waits for the citizen's next message, then goes free-form (" + describe + ")");
    } else if (!(outcome instanceof Outcome.Accepted)) {
      note(Level.INFO, about(message) + " -> " + outcome.state().column() + " (" + describe + ")");
    }
    outcome(outcome);
    return draining ? stopIfDrained() : done();
  }

  List<Effect> recorded(Now now, List<Outcome> outcomes) {
    at(now);
    recording = false;
    Duration soonestRetry = null;
    boolean tableServes = false;
    for (Outcome outcome : outcomes) {
      String key = outcome.message().orderingKey();
      taken.remove(key);
      if (outcome instanceof Outcome.Retry retry) {
        retrying.add(key); // its message stays at the head in the table, due later
        if (soonestRetry == null || retry.delay().compareTo(soonestRetry) < 0) soonestRetry = retry.delay();
        if (RetryPolicy.outage(retry) && outageOn.add(outcome.message().phoneNumberId()) && outageOn.size() == 1) {
          effects.add(new Later(Timer.OUTAGE_PROBE, OUTAGE_PROBE));
        }
      } else if (outcome instanceof Outcome.AwaitingWindow) {
        retrying.add(key); // at the head in the table until the citizen's next message makes it due
      } else {
        retrying.remove(key);
      }
      if (outcome instanceof Outcome.Accepted && outageOn.remove(outcome.message().phoneNumberId())) {
        effects.add(new Revive(outcome.message().phoneNumberId()));
      }
      if (servedFromTable(key)) {
        tableServes = true;
      } else {
        readyIfPossible(key);
      }
    }
    if (soonestRetry != null && soonestRetry.compareTo(settings.pollInterval()) < 0) {
      effects.add(new Later(Timer.RETRY_DUE, soonestRetry));
    }
    record();
    if (draining) return stopIfDrained();
    takeFromMemory();
    sendWhatTheThrottleAllows();
    if (tableServes) fetch(); // a citizen served from the table may have its next message there
    return done();
  }

  /** Tries each channel still in an outage with one message; again later while one is. */
  List<Effect> probe(Now now) {
    at(now);
    if (draining || outageOn.isEmpty()) return done();
    outageOn.forEach(channel -> effects.add(new Probe(channel)));
    effects.add(new Later(Timer.OUTAGE_PROBE, OUTAGE_PROBE));
    return done();
  }

  /** After a {@link Probe}: none made due means none of this partition's messages backs off on that channel any more. */
  List<Effect> probed(Now now, String channel, int rows) {
    at(now);
    if (rows == 0) outageOn.remove(channel);
    fetch();
    return done();
  }

  /** The outcomes of a {@link Store} were not stored: they go first in the next write. */
  List<Effect> recordFailed(Now now, List<Outcome> outcomes) {
    at(now);
    recording = false;
    unrecorded.addAll(0, outcomes);
    effects.add(new Later(Timer.RECORD_AGAIN, RECORD_RETRY));
    return done();
  }

  List<Effect> recordAgain(Now now) {
    at(now);
    record();
    return draining ? stopIfDrained() : done();
  }

  /** Send nothing new; stop once the sends on the wire are recorded (or after the drain timeout). */
  List<Effect> drain(Now now) {
    at(now);
    draining = true;
    throttled.values().forEach(queue -> queue.forEach(m -> taken.remove(m.orderingKey()))); // still pending in the outbox
    throttled.clear();
    forgetMemory(); // pending in the outbox too
    effects.add(new Later(Timer.DRAIN_DEADLINE, settings.drainTimeout()));
    return stopIfDrained();
  }

  List<Effect> drainTimedOut() {
    note(Level.WARN, "stopping with " + onTheWire + " sends unanswered or " + (unrecorded.size() + (recording ? 1 : 0))
        + " outcomes unstored; they will be sent again");
    effects.add(Stop.INSTANCE);
    return done();
  }

  // ---- the table -------------------------------------------------------------------------------------

  private void fetch() {
    if (draining) return;
    if (fetching) {
      fetchAgain = true; // rows committed after the running query's snapshot
      return;
    }
    int room = settings.maxInFlight() - taken.size();
    if (room <= 0) return; // a stored outcome frees room and fetches again
    fetching = true;
    fetchLimit = room;
    fetchAgain = false;
    takenDuringFetch.clear();
    List<String> fullChannels = new ArrayList<>();
    throttled.forEach((channel, queue) -> {
      if (queue.size() >= waitingLimit(channel)) fullChannels.add(channel);
    });
    effects.add(new Fetch(List.copyOf(taken.keySet()), fullChannels, room));
  }

  /** Starts holding committed rows and asks the table which citizens have pending rows already. */
  private void synchronize() {
    if (draining) return;
    syncing = true;
    syncOutdated = false;
    memoryServes = false;
    effects.add(Synchronize.INSTANCE);
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
    int limit = memoryLimit();
    for (Iterator<Long> oldest = takenFromTable.iterator(); takenFromTable.size() > limit; ) {
      oldest.next();
      oldest.remove();
    }
  }

  // ---- memory ----------------------------------------------------------------------------------------

  private int memoryLimit() {
    return MEMORY_PER_IN_FLIGHT * settings.maxInFlight();
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

  // ---- sending ---------------------------------------------------------------------------------------

  /** Messages waiting for their channel's tokens: replies before notifications before campaigns, then outbox order. */
  private static PriorityQueue<PendingMessage> waitingQueue() {
    return new PriorityQueue<>(Comparator.comparing(PendingMessage::lane).thenComparingLong(PendingMessage::id));
  }

  /** A second of the channel's share, and never more than half the sender's room: other channels keep the rest. */
  private int waitingLimit(String channel) {
    return Math.min(throttle.backlog(channel), Math.max(1, settings.maxInFlight() / 2));
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
    if (wait != Long.MAX_VALUE) effects.add(new Later(Timer.THROTTLE, Duration.ofNanos(Math.max(wait, 1_000_000))));
  }

  /** Asks the service window at send time, so a message that waited goes in the shape that can still arrive. */
  private void send(PendingMessage message) {
    ServiceWindow.Choice choice = ServiceWindow.choose(message, epochMillis);
    if (choice instanceof ServiceWindow.Refuse refused) {
      note(Level.INFO, about(message) + " " + refused.reason());
      outcome(refused.outcome());
      return;
    }
    ServiceWindow.Send request = (ServiceWindow.Send) choice;
    Optional<Outcome> refusedTemplate = request.asTemplate() ? refusedTemplate(message) : Optional.empty();
    if (refusedTemplate.isPresent()) {
      outcome(refusedTemplate.get());
      return;
    }
    onTheWire++;
    Send send = new Send(message, request);
    // Only campaigns pay the write before the send: a reply must not wait for a round trip to the database.
    if (message.lane() == Lane.CAMPAIGN && !settings.doubtWindow().isZero()) {
      marking.add(send);
    } else {
      effects.add(send);
    }
  }

  /**
   * A template the book knows and is not approved in that language is refused here, as Meta would
   * refuse it, without asking Meta: a notification waits for the citizen's window, anything else fails.
   * A template the book does not know (never synced, or synced before it was created) goes: Meta decides,
   * since refusing what the book has not read yet would stop every send after a failed sync.
   */
  private Optional<Outcome> refusedTemplate(PendingMessage message) {
    OutgoingContent.Template template = message.intent().template();
    Optional<SyncedTemplate> known = templates.find(message.phoneNumberId(), template.name(), template.languageCode());
    if (known.isEmpty() || known.get().approved()) return Optional.empty();
    int code = ErrorCodes.templateRefusal(known.get().status());
    String reason = "not sent: template " + template.name() + " (" + template.languageCode() + ") is " + known.get().status()
        + (known.get().reason() == null ? "" : " (" + known.get().reason() + ")") + " at Meta";
    note(Level.WARN, about(message) + " " + reason);
    return Optional.of(message.mayAwaitWindow()
        ? new Outcome.AwaitingWindow(message, false, code, reason + "; waiting for the citizen's next message to send it free-form")
        : new Outcome.Failed(message, code, reason));
  }

  // ---- outcomes --------------------------------------------------------------------------------------

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
    effects.add(new Store(batch));
  }

  private List<Effect> stopIfDrained() {
    if (onTheWire == 0 && !recording && unrecorded.isEmpty() && !fetching && !syncing) effects.add(Stop.INSTANCE);
    return done();
  }

  // ---- effects ---------------------------------------------------------------------------------------

  private void at(Now now) {
    nanos = now.nanos();
    epochMillis = now.epochMillis();
  }

  private void note(Level level, String text) {
    effects.add(new Note(level, text));
  }

  private static String about(PendingMessage message) {
    return message.messageKey() + " to " + PhoneNumbers.mask(message.recipient());
  }

  private List<Effect> done() {
    if (!marking.isEmpty()) {
      effects.add(new OnTheWire(List.copyOf(marking), settings.doubtWindow()));
      marking.clear();
    }
    List<Effect> done = effects;
    effects = new ArrayList<>();
    return done;
  }
}
