package chaupal.ingress;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.pattern.Patterns;
import chaupal.AskTimeout;
import chaupal.citizen.Citizen;
import chaupal.citizen.CitizenMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks a citizen's entity again, with the same message, until one ask is answered or the persist
 * budget is spent. Sharding drops a message for a shard being handed over (buffer full, or the old
 * region stopping) without a reply, so one long ask waited out the whole budget for nothing. A
 * repeat is safe: the entity drops a wamid it has journalled, and the webhook sends a citizen's
 * next message only once this one is answered, so no later message overtakes it. Only a timed-out
 * ask is asked again: an entity's refusal (no case number) is its answer.
 */
final class ReaskingInbox implements CitizenInbox {

  /** Between asks: a hand-over's region learns the new home within a retry-interval (500 ms). */
  private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  /** The scheduler's tick: an ask shorter than this times out no sooner. */
  private static final Duration SHORTEST_ASK = Duration.ofMillis(10);

  private final Ask ask;
  private final Duration budget;
  private final Duration attempt;
  private final akka.actor.Scheduler scheduler;
  private final scala.concurrent.ExecutionContext executor;
  private final Counter reasks;

  ReaskingInbox(Ask ask, Duration budget, Duration attempt, ActorSystem<?> system, MeterRegistry metrics) {
    this.ask = ask;
    this.budget = budget;
    this.attempt = attempt;
    this.scheduler = Adapter.toClassic(system).scheduler();
    this.executor = system.executionContext();
    this.reasks = Counter.builder("chaupal.webhook.reasks")
        .description("asks of a citizen's entity repeated after one timed out (a shard hand-over drops messages unanswered)")
        .register(metrics);
  }

  @Override
  public CompletionStage<Citizen.Receipt> deliver(String citizenKey, CitizenMessage message, long receivedAtMillis) {
    long deadline = System.nanoTime() + budget.toNanos();
    AtomicInteger asked = new AtomicInteger();
    int most = (int) (budget.toMillis() / FIRST_PAUSE.toMillis()) + 1;
    return Patterns.retry(() -> {
          if (asked.getAndIncrement() > 0) reasks.increment();
          // The last ask takes what is left, so a webhook is answered 503 at its budget, not before.
          Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), SHORTEST_ASK.toNanos()));
          return ask.ask(citizenKey, message, receivedAtMillis, left.compareTo(attempt) < 0 ? left : attempt);
        }, most,
        again -> Optional.of(pause(again, Duration.ofNanos(deadline - System.nanoTime()))),
        failure -> AskTimeout.is(failure) && deadline - System.nanoTime() > 0,
        scheduler, executor)
        // A repeat the entity calls a duplicate was, but for a rare concurrent re-delivery by Meta, journalled
        // by an earlier ask of this webhook whose answer was lost or late: counted as persisted, not as Meta's repeat.
        .thenApply(receipt -> receipt == Citizen.Receipt.DUPLICATE && asked.get() > 1 ? Citizen.Receipt.PERSISTED : receipt);
  }

  /** 100, 200, then 400 ms before the second, third and every later ask; at most half of what is {@code left}. */
  private static Duration pause(int again, Duration left) {
    Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(Math.max(again - 1, 0), 2));
    Duration half = left.dividedBy(2);
    return pause.compareTo(half) < 0 ? pause : half;
  }
}
