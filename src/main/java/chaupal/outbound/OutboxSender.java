package chaupal.outbound;

import akka.Done;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import chaupal.outbound.OutboxSchedule.Effect;
import chaupal.whatsapp.CloudApi;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends the outbox rows of one partition. Every decision is {@link OutboxSchedule}'s; this actor
 * turns its messages into schedule events and the schedule's effects into queries, sends and timers.
 *
 * <p>The Cloud API has no idempotency key: if the process dies after the API accepted a message but
 * before its outcome is stored, the message is still pending. Every send carries its row's
 * {@link OutboxCallback} as {@code biz_opaque_callback_data}, which Meta echoes in each status webhook,
 * and a status naming a pending row records it accepted with the status's wamid ({@link DeliveryTracker}).
 * A campaign message is marked on the wire first, one write per batch, and is not due again for the
 * doubt window ({@link OutboxSettings#doubtWindow}): the sender that takes over waits that long for its
 * status instead of sending it at once. Without a status within the window (Meta lost it, or its webhooks
 * are late or off) it is sent again: at-least-once remains the fallback, and for replies and notifications,
 * which are not marked so as not to wait for the database, it is what a crash costs when their status comes
 * after the takeover. On hand-over the sender drains first, so only a crash pays this.
 */
final class OutboxSender extends AbstractBehavior<OutboxSender.Command> {

  interface Command {}

  /** The rows a projection transaction added, after its commit, in id order. */
  record Committed(List<OutboxStore.Inserted> rows) implements Command {}

  /** Send nothing new; stop once the sends on the wire are recorded (or after the drain timeout). */
  enum Drain implements Command { INSTANCE }

  private enum Poll implements Command { INSTANCE }

  private record Timeout(OutboxSchedule.Timer timer) implements Command {}

  private record Fetched(List<PendingMessage> rows) implements Command {}

  private record FetchFailed(Throwable cause) implements Command {}

  private record Answered(PendingMessage message, boolean asTemplate, SendResult result) implements Command {}

  private record Marked(List<OutboxSchedule.Send> sends, Throwable cause) implements Command {}

  private record Recorded(List<Outcome> outcomes) implements Command {}

  private record RecordFailed(List<Outcome> outcomes, Throwable cause) implements Command {}

  private record Synchronized(Set<String> pendingKeys) implements Command {}

  private record SyncFailed(Throwable cause) implements Command {}

  /** The messages of a channel that waited out an outage are due ({@code cause} null), or stay in their backoff. */
  private record Revived(String channel, int rows, Throwable cause) implements Command {}

  /** The oldest message backing off from an outage on the channel is due now ({@code rows} 1), or none was ({@code rows} 0). */
  private record Probed(String channel, int rows, Throwable cause) implements Command {}

  /** The API client has its own timeout; this one only keeps a citizen from waiting forever on a lost answer. */
  private static final Duration ANSWER_BACKSTOP = Duration.ofSeconds(60);
  /** A stored media is read, perhaps uploaded (its own minute at least), then sent. */
  private static final Duration STORED_MEDIA_BACKSTOP = Duration.ofMinutes(3);

  private final int partition;
  private final OutboxStore store;
  private final CloudApi api;
  private final StoredMediaSend storedMedia;
  private final OutboundMetrics metrics;
  private final LongSupplier nanoClock;
  private final MarketingRefusals refusals;
  private final TimerScheduler<Command> timers;
  private final OutboxSchedule schedule;

  private OutboxSender(ActorContext<Command> context, TimerScheduler<Command> timers, int partition, OutboxSettings settings,
      OutboxStore store, CloudApi api, StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier nanoClock,
      TemplateRegistry templates, MarketingRefusals refusals) {
    super(context);
    context.setLoggerName(OutboxSender.class); // Akka typed would name it akka.actor.ActorCell
    this.timers = timers;
    this.partition = partition;
    this.store = store;
    this.api = api;
    this.storedMedia = storedMedia;
    this.metrics = metrics;
    this.nanoClock = nanoClock;
    this.refusals = refusals;
    this.schedule = new OutboxSchedule(settings, new SplittableRandom(), templates);
    timers.startTimerWithFixedDelay(Poll.INSTANCE, Poll.INSTANCE, settings.pollInterval());
    carryOut(schedule.start(now()));
  }

  static Behavior<Command> create(int partition, OutboxSettings settings, OutboxStore store, CloudApi api,
      StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier nanoClock) {
    return create(partition, settings, store, api, storedMedia, metrics, nanoClock, TemplateRegistry.NONE, MarketingRefusals.NONE);
  }

  /**
   * With the templates Meta has, so that one it paused or disabled is not sent at all, and who to tell
   * of a send Meta refused because the citizen stopped marketing messages (131050).
   */
  static Behavior<Command> create(int partition, OutboxSettings settings, OutboxStore store, CloudApi api,
      StoredMediaSend storedMedia, OutboundMetrics metrics, LongSupplier nanoClock, TemplateRegistry templates,
      MarketingRefusals refusals) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new OutboxSender(ctx, timers, partition, settings, store, api, storedMedia, metrics, nanoClock, templates, refusals)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Poll.INSTANCE, () -> carryOut(schedule.wake(now())))
        .onMessage(Committed.class, committed -> carryOut(schedule.committed(now(), committed.rows())))
        .onMessage(Synchronized.class, synced -> carryOut(schedule.synced(now(), synced.pendingKeys())))
        .onMessage(SyncFailed.class, failed -> {
          warn("could not read the pending citizens, serving from the table", failed.cause());
          return carryOut(schedule.syncFailed(now()));
        })
        .onMessage(Fetched.class, fetched -> carryOut(schedule.fetched(now(), fetched.rows())))
        .onMessage(FetchFailed.class, failed -> {
          warn("could not read due messages, polling again", failed.cause());
          return carryOut(schedule.fetchFailed(now()));
        })
        .onMessage(Answered.class, a -> carryOut(schedule.answered(now(), a.message(), a.asTemplate(), a.result())))
        .onMessage(Marked.class, marked -> {
          if (marked.cause() != null) {
            warn("could not mark " + marked.sends().size() + " campaign messages on the wire; sending them anyway"
                + " (a successor after a crash would send them again at once)", marked.cause());
          }
          marked.sends().forEach(send -> send(send.message(), send.request()));
          return this;
        })
        .onMessage(Recorded.class, recorded -> {
          recorded.outcomes().forEach(this::count);
          return carryOut(schedule.recorded(now(), recorded.outcomes()));
        })
        .onMessage(RecordFailed.class, failed -> {
          warn("could not store " + failed.outcomes().size() + " outcomes, trying again", failed.cause());
          return carryOut(schedule.recordFailed(now(), failed.outcomes()));
        })
        .onMessage(Revived.class, revived -> {
          if (revived.cause() != null) {
            warn("could not make the messages that waited out an outage due; they wait their backoff", revived.cause());
          } else if (revived.rows() > 0) {
            getContext().getLog().info("Outbox {}: channel {} sends again; {} messages that waited out the outage are due"
                + " (in every partition)", partition, revived.channel(), revived.rows());
          }
          return carryOut(schedule.wake(now()));
        })
        .onMessage(Probed.class, probed -> {
          if (probed.cause() != null) {
            warn("could not try channel " + probed.channel() + " with a message after an outage; trying again", probed.cause());
            return this; // the probe's timer stays armed
          }
          return carryOut(schedule.probed(now(), probed.channel(), probed.rows()));
        })
        .onMessage(Timeout.class, this::onTimeout)
        .onMessageEquals(Drain.INSTANCE, () -> {
          timers.cancel(Poll.INSTANCE);
          timers.cancel(OutboxSchedule.Timer.THROTTLE);
          return carryOut(schedule.drain(now()));
        })
        .build();
  }

  private Behavior<Command> onTimeout(Timeout timeout) {
    return carryOut(switch (timeout.timer()) {
      case THROTTLE -> schedule.throttleTick(now());
      case RETRY_DUE -> schedule.wake(now());
      case RECORD_AGAIN -> schedule.recordAgain(now());
      case DRAIN_DEADLINE -> schedule.drainTimedOut();
      case OUTAGE_PROBE -> schedule.probe(now());
    });
  }

  private OutboxSchedule.Now now() {
    return new OutboxSchedule.Now(nanoClock.getAsLong(), System.currentTimeMillis());
  }

  private Behavior<Command> carryOut(List<Effect> effects) {
    boolean stop = false;
    for (Effect effect : effects) {
      if (effect instanceof OutboxSchedule.Fetch f) {
        getContext().pipeToSelf(store.dueHeads(partition, f.busyKeys(), f.fullChannels(), f.limit()),
            (rows, error) -> error == null ? new Fetched(rows) : new FetchFailed(error));
      } else if (effect instanceof OutboxSchedule.Synchronize) {
        getContext().pipeToSelf(store.pendingKeys(partition),
            (keys, error) -> error == null ? new Synchronized(keys) : new SyncFailed(error));
      } else if (effect instanceof OutboxSchedule.Send send) {
        send(send.message(), send.request());
      } else if (effect instanceof OutboxSchedule.OnTheWire wire) {
        getContext().pipeToSelf(store.onTheWire(wire.sends().stream().map(x -> x.message().id()).toList(), wire.doubtWindow()),
            (rows, error) -> new Marked(wire.sends(), error));
      } else if (effect instanceof OutboxSchedule.Store s) {
        getContext().pipeToSelf(told(s.outcomes()).thenCompose(done -> store.record(s.outcomes())),
            (rows, error) -> error == null ? new Recorded(s.outcomes()) : new RecordFailed(s.outcomes(), error));
      } else if (effect instanceof OutboxSchedule.Revive revive) {
        getContext().pipeToSelf(store.revive(revive.channel()),
            (rows, error) -> new Revived(revive.channel(), rows == null ? 0 : rows, error));
      } else if (effect instanceof OutboxSchedule.Probe probe) {
        getContext().pipeToSelf(store.probe(partition, probe.channel()),
            (rows, error) -> new Probed(probe.channel(), rows == null ? 0 : rows, error));
      } else if (effect instanceof OutboxSchedule.Later later) {
        if (later.timer() == OutboxSchedule.Timer.THROTTLE) metrics.throttled();
        timers.startSingleTimer(later.timer(), new Timeout(later.timer()), later.delay());
      } else if (effect instanceof OutboxSchedule.Note note) {
        getContext().getLog().atLevel(note.level()).log("Outbox {}: {}", partition, note.text());
      } else {
        stop = true; // OutboxSchedule.Stop
      }
    }
    return stop ? Behaviors.stopped() : this;
  }

  private void send(PendingMessage message, ServiceWindow.Send request) {
    CompletionStage<SendResult> answer;
    try {
      answer = request.storedMedia() != null
          ? storedMedia.send(api, message, request.storedMedia()).toCompletableFuture().copy()
              .orTimeout(STORED_MEDIA_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS)
          : api.send(message.phoneNumberId(), request.json()).toCompletableFuture().copy()
              .orTimeout(ANSWER_BACKSTOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    // No answer (a failed stage or the backstop) is retryable: the API may or may not have taken it.
    getContext().pipeToSelf(answer, (result, error) -> new Answered(message, request.asTemplate(),
        result != null ? result : new SendResult.Rejected(0, null, true, Duration.ZERO)));
  }

  /**
   * Tells the refusals of every send Meta refused with 131050 before the outcome is stored: if telling
   * fails, the store fails with it and both are tried again (ending an ended consent changes nothing).
   */
  private CompletionStage<Done> told(List<Outcome> outcomes) {
    CompletableFuture<?>[] told = outcomes.stream()
        .filter(o -> o instanceof Outcome.Failed f && f.errorCode() != null && f.errorCode() == MarketingRefusals.STOPPED_MARKETING)
        .map(o -> refusals.stopped(o.message().phoneNumberId(), o.message().recipient(), System.currentTimeMillis()).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return told.length == 0 ? CompletableFuture.completedFuture(Done.getInstance())
        : CompletableFuture.allOf(told).thenApply(v -> Done.getInstance());
  }

  private void count(Outcome outcome) {
    if (outcome instanceof Outcome.Accepted accepted) {
      metrics.accepted();
      metrics.sent("accepted", "none");
      metrics.lag(accepted.message().lane(), accepted.message().ageAtFetch());
    } else if (outcome instanceof Outcome.Retry retry) {
      metrics.retried();
      metrics.sent("retried", code(retry.errorCode()));
    } else if (outcome instanceof Outcome.AwaitingWindow awaiting) {
      metrics.awaitingWindow();
      metrics.sent("awaiting_window", code(awaiting.errorCode()));
    } else if (outcome instanceof Outcome.Failed failed) {
      metrics.failed(code(failed.errorCode()));
      metrics.sent("failed", code(failed.errorCode()));
    } else if (outcome instanceof Outcome.Expired expired) {
      metrics.expired();
      metrics.sent("expired", code(expired.errorCode()));
    }
  }

  private static String code(Integer errorCode) {
    return errorCode == null ? "none" : errorCode.toString();
  }

  private void warn(String what, Throwable cause) {
    getContext().getLog().warn("Outbox {}: {}: {}", partition, what, cause.toString());
  }
}
