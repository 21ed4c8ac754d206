package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.AskTimeoutException;
import akka.pattern.StatusReply;
import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import chaupal.testing.EntityTestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filing projection's handler against cases that answer, time out or refuse as told. */
class FilingHandlerTest {

  static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Answers every request at once, except the cases told to time out (a number of asks) or to refuse. */
  static final class ToldCases implements CaseRequests {
    final List<String> asks = new CopyOnWriteArrayList<>();
    final Map<String, Integer> timeoutsLeft = new ConcurrentHashMap<>();
    final Map<String, String> refusals = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Case.State> register(CaseFiling filing) {
      return answer("register", filing.number());
    }

    @Override
    public CompletionStage<Case.State> feedback(CitizenFeedback feedback) {
      return answer("feedback", feedback.number());
    }

    private CompletionStage<Case.State> answer(String request, String number) {
      asks.add(request + " " + number);
      if (timeoutsLeft.getOrDefault(number, 0) > 0) {
        timeoutsLeft.merge(number, -1, Integer::sum);
        return CompletableFuture.failedFuture(new AskTimeoutException("Ask timed out on Case|" + number + " after [20000 ms]"));
      }
      String refusal = refusals.get(number);
      if (refusal != null) return CompletableFuture.failedFuture(new StatusReply.ErrorMessage(refusal));
      return CompletableFuture.completedFuture(null);
    }

    long asksOf(String ask) {
      return asks.stream().filter(ask::equals).count();
    }
  }

  private final ToldCases cases = new ToldCases();
  private final Counter reasks = new SimpleMeterRegistry().counter("chaupal.cases.filing.reasks");
  private final FilingHandler handler = new FilingHandler(TestFiler.SOURCE, cases, testKit.system(), reasks);

  private static EventEnvelope<Object> filed(String number, long sequenceNr) {
    return EventEnvelope.create(Offset.sequence(sequenceNr), "TestFiler|919800010911", sequenceNr,
        new TestFiler.Filed(CaseTest.water(number, "TestFiler|919800010911#" + sequenceNr)), 0L);
  }

  private static EventEnvelope<Object> rated(String number, long sequenceNr) {
    return EventEnvelope.create(Offset.sequence(sequenceNr), "TestFiler|919800010911", sequenceNr,
        new TestFiler.Said(new CitizenFeedback(number, "TestFiler|919800010911#" + sequenceNr, "919800010911", false, 4, null, 0L)), 0L);
  }

  private void processed(List<EventEnvelope<Object>> batch) throws Exception {
    handler.process(batch).toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aCaseThatTimesOutOnceIsAskedAgainAloneAndTheBatchCompletes() throws Exception {
    cases.timeoutsLeft.put("JAL-26-000002", 1);
    processed(List.of(filed("JAL-26-000001", 1), filed("JAL-26-000002", 2), filed("JAL-26-000003", 3)));
    assertEquals(2, cases.asksOf("register JAL-26-000002"), cases.asks.toString());
    assertEquals(1, cases.asksOf("register JAL-26-000001"), cases.asks.toString());
    assertEquals(1, cases.asksOf("register JAL-26-000003"), cases.asks.toString());
    assertEquals(1.0, reasks.count());
  }

  @Test
  void aCasesLaterRequestWaitsForItsReaskedFiling() throws Exception {
    cases.timeoutsLeft.put("JAL-26-000004", 1);
    processed(List.of(filed("JAL-26-000004", 1), rated("JAL-26-000004", 2)));
    assertEquals(List.of("register JAL-26-000004", "register JAL-26-000004", "feedback JAL-26-000004"), cases.asks);
  }

  @Test
  void aCaseThatKeepsTimingOutFailsTheBatchAfterItsReasks() {
    cases.timeoutsLeft.put("JAL-26-000006", Integer.MAX_VALUE);
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> processed(List.of(filed("JAL-26-000005", 1), filed("JAL-26-000006", 2))));
    assertInstanceOf(TimeoutException.class, failed.getCause().getCause() != null ? failed.getCause().getCause() : failed.getCause(),
        String.valueOf(failed.getCause()));
    assertEquals(1 + FilingHandler.REASKS, cases.asksOf("register JAL-26-000006"), cases.asks.toString());
    assertEquals(1, cases.asksOf("register JAL-26-000005"), cases.asks.toString());
  }

  @Test
  void aRefusalIsFinalAndNotAskedAgain() throws Exception {
    cases.refusals.put("JAL-26-000008", "case JAL-26-000008 was made by request TestFiler|919800010912#1");
    processed(List.of(filed("JAL-26-000007", 1), filed("JAL-26-000008", 2)));
    assertEquals(1, cases.asksOf("register JAL-26-000008"), cases.asks.toString());
    assertEquals(0.0, reasks.count());
  }
}
