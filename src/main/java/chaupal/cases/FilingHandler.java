package chaupal.cases;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.pattern.Patterns;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import chaupal.AskTimeout;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cases the citizens' events ask for, and hands them the citizens' feedback: the batch
 * completes (and the projection stores its offset) only when every case has acknowledged. A case
 * that does not answer in time is asked again on its own, a few times with a short backoff, so that
 * one slow case does not make the projection replay the batch and ask every other case again; only
 * when those re-asks fail too does the batch fail, and the projection replays it after its backoff.
 * The cases recognise a repeat by its request id, so a crash or a re-ask anywhere in between still
 * makes exactly one case. A refusal (a number already taken by another request, a rating of a
 * closed case) is final: it is logged and the slice goes on.
 */
final class FilingHandler extends Handler<List<EventEnvelope<Object>>> {

  private static final Logger log = LoggerFactory.getLogger(FilingHandler.class);

  /** Re-asks of one request whose case did not answer in time, before the whole batch fails. */
  static final int REASKS = 3;
  /** No re-ask starts later than this after the request's first ask (with the 20 s ask timeout: two re-asks). */
  static final Duration REASK_WITHIN = Duration.ofSeconds(60);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final double BACKOFF_RANDOM_FACTOR = 0.2;

  private final FilingSource source;
  private final CaseRequests cases;
  private final ActorSystem<?> system;
  private final Counter reasks;

  private final CaseLag lag;

  FilingHandler(FilingSource source, CaseRequests cases, ActorSystem<?> system, Counter reasks) {
    this(source, cases, system, reasks, new CaseLag(new CompositeMeterRegistry()));
  }

  FilingHandler(FilingSource source, CaseRequests cases, ActorSystem<?> system, Counter reasks, CaseLag lag) {
    this.source = source;
    this.cases = cases;
    this.system = system;
    this.reasks = reasks;
    this.lag = lag;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<Object>> envelopes) {
    // One case's requests go one after the other, in the citizen's order; different cases at once.
    Map<String, List<Supplier<CompletionStage<Case.State>>>> byCase = new LinkedHashMap<>();
    for (EventEnvelope<Object> e : envelopes) {
      for (CaseFiling filing : source.filingsIn(e.event(), e.persistenceId(), e.sequenceNr())) {
        byCase.computeIfAbsent(filing.number(), n -> new ArrayList<>()).add(() -> registered(filing, e.timestamp()));
      }
      for (CitizenFeedback feedback : source.feedbackIn(e.event(), e.persistenceId(), e.sequenceNr())) {
        byCase.computeIfAbsent(feedback.number(), n -> new ArrayList<>()).add(() -> cases.feedback(feedback));
      }
    }
    List<CompletableFuture<Void>> all = new ArrayList<>();
    byCase.forEach((number, requests) -> {
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (Supplier<CompletionStage<Case.State>> request : requests) {
        chain = chain.thenCompose(v -> acknowledged(number, reaskedOnTimeout(number, request)));
      }
      all.add(chain.toCompletableFuture());
    });
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
  }

  private CompletionStage<Case.State> reaskedOnTimeout(String number, Supplier<CompletionStage<Case.State>> request) {
    long firstAskNanos = System.nanoTime();
    AtomicInteger asks = new AtomicInteger();
    return Patterns.retry(() -> {
          if (asks.incrementAndGet() > 1) {
            reasks.increment();
            log.debug("Case {} did not answer the filing projection in time; asking it again (ask {})", number, asks.get());
          }
          return request.get();
        }, REASKS, MIN_BACKOFF, MAX_BACKOFF, BACKOFF_RANDOM_FACTOR,
        error -> AskTimeout.is(error) && System.nanoTime() - firstAskNanos < REASK_WITHIN.toNanos(), system);
  }

  private CompletionStage<Case.State> registered(CaseFiling filing, long writtenAtMillis) {
    return cases.register(filing).whenComplete((state, error) -> {
      if (error == null) lag.filed(writtenAtMillis, System.currentTimeMillis());
    });
  }

  private static CompletionStage<Void> acknowledged(String number, CompletionStage<Case.State> answer) {
    return answer.handle((state, error) -> {
      if (error == null) return null;
      String refusal = CaseEntities.refusal(error).orElseThrow(() -> CaseEntities.rethrown(error));
      log.error("A citizen's request for case {} was refused and is dropped: {}", number, refusal);
      return null;
    });
  }
}
