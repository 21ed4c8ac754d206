package chaupal.cases;

import akka.Done;
import akka.projection.eventsourced.EventEnvelope;
import akka.projection.javadsl.Handler;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cases the citizens' events ask for, and hands them the citizens' feedback: the batch
 * completes (and the projection stores its offset) only when every case has acknowledged. A case
 * not reached fails the batch, which the projection replays after a backoff; the cases recognise a
 * repeat by its request id, so a crash anywhere in between still makes exactly one case. A refusal
 * (a number already taken by another request, a rating of a closed case) is final: it is logged and
 * the slice goes on.
 */
final class FilingHandler extends Handler<List<EventEnvelope<Object>>> {

  private static final Logger log = LoggerFactory.getLogger(FilingHandler.class);

  private final FilingSource source;
  private final CaseEntities cases;
  private final CaseLag lag;

  FilingHandler(FilingSource source, CaseEntities cases) {
    this(source, cases, new CaseLag(new CompositeMeterRegistry()));
  }

  FilingHandler(FilingSource source, CaseEntities cases, CaseLag lag) {
    this.source = source;
    this.cases = cases;
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
        chain = chain.thenCompose(v -> acknowledged(number, request.get()));
      }
      all.add(chain.toCompletableFuture());
    });
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
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
