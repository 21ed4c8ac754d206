package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestClock;
import chaupal.tenancy.Official;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The case part on a single-node cluster and real PostgreSQL: filings to cases, the read tables, the watcher. */
class CasesTest {

  static final CaseDesk.Actor OFFICER = new CaseDesk.Actor("jalandhar-water-sewerage", "punjab",
      Official.Role.DEPARTMENT_OFFICER, new Official.Scope(List.of("pb.jalandhar"), List.of("water-sewerage"), List.of()));

  static Database db;
  static TestClock clock;
  static CasesTestNode node;
  static Cases cases;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("cases");
    clock = new TestClock();
    clock.run();
    node = new CasesTestNode(db, clock, "");
    cases = node.cases;
  }

  @AfterAll
  static void stop() {
    node.close();
    db.close();
  }

  private static String newNumber() {
    return node.newNumber();
  }

  private static void file(String waId, CaseFiling filing) {
    node.file(waId, filing);
  }

  private static CaseFiling filing(String number, String requestId) {
    return node.filing(number, requestId);
  }

  @Test
  void aFiledCaseReachesTheReadTablesAndTheWatcherWithin2sAndSoDoesItsResolution() {
    // The first case wakes the projections up; the second is timed.
    String warmUp = newNumber();
    file("919800010901", filing(warmUp, "TestFiler|919800010901#1"));
    await(Duration.ofSeconds(30), () -> status(warmUp) != null);

    String number = newNumber();
    file("919800010902", filing(number, "TestFiler|919800010902#1"));
    await(Duration.ofSeconds(2), () -> "assigned".equals(status(number)));
    assertEquals("jalandhar-water-sewerage", one("SELECT assignee FROM grievance_case WHERE number = ?", number));
    assertEquals("paani nahi aa raha", one("SELECT text FROM grievance_case_message WHERE number = ? AND direction = 'in'", number));
    assertEquals("media-1", one("SELECT media_id FROM grievance_case_attachment WHERE number = ?", number));

    CaseDesk.View view = cases.commands().act(number, OFFICER, new CaseDesk.Act.Resolve("valve replaced", "media-7"))
        .toCompletableFuture().join();
    assertEquals(CaseStatus.RESOLVED, view.status());
    assertTrue(view.dueAt().endsWith("+05:30"), view.dueAt());
    await(Duration.ofSeconds(2), () -> "resolved".equals(status(number)));
    assertEquals(List.of("registered:citizen", "assigned:system", "resolved:jalandhar-water-sewerage"),
        all("SELECT step || ':' || by_whom FROM grievance_case_history WHERE number = ? ORDER BY sequence", number));
    assertEquals("valve replaced", one("SELECT note FROM grievance_case_history WHERE number = ? AND step = 'resolved'", number));
    assertEquals("media-7", one("SELECT media_id FROM grievance_case_attachment WHERE number = ? AND kind = 'photo' AND added_by <> 'citizen'", number));
    assertEquals(3, all("SELECT text FROM grievance_case_message WHERE number = ? AND direction = 'out'", number).size());

    await(Duration.ofSeconds(2), () -> steps(number).size() == 3);
    assertEquals(List.of("registered", "assigned", "resolved"), steps(number));
    CaseChange assigned = node.change(number, "assigned");
    assertEquals("919800010113", assigned.assigneeWhatsapp());
    assertEquals("water-sewerage", assigned.department());
    assertEquals("919800010901", assigned.citizenId());
    CaseChange resolved = node.change(number, "resolved");
    assertEquals("media-7", resolved.photoMediaId());
    assertEquals(CaseStatus.RESOLVED, resolved.status());
  }

  @Test
  void eachHopOfAFilingToTheReadTablesIsTimedForTheOperator() {
    String number = newNumber();
    file("919800010905", filing(number, "TestFiler|919800010905#1"));
    await(Duration.ofSeconds(30), () -> "assigned".equals(status(number)));
    // Every test's cases count: at least this one's filing and its two events (registered, assigned).
    await(Duration.ofSeconds(10), () -> node.metrics.get("chaupal.cases.filing.lag").timer().count() >= 1);
    await(Duration.ofSeconds(10), () -> node.metrics.get("chaupal.cases.read.model.lag").timer().count() >= 2);
  }

  @Test
  void theCitizensRatingClosesTheCaseThroughTheFilingsProjection() {
    String number = newNumber();
    file("919800010903", filing(number, "TestFiler|919800010903#1"));
    await(Duration.ofSeconds(30), () -> "assigned".equals(status(number)));
    cases.commands().act(number, OFFICER, new CaseDesk.Act.Resolve("done", null)).toCompletableFuture().join();
    node.persist("919800010903", r -> new TestFiler.Say(new CitizenFeedback(number, "TestFiler|919800010903#2", "919800010901",
        false, 5, "thanks", clock.millis()), r), Duration.ofSeconds(20));
    await(Duration.ofSeconds(10), () -> "closed-resolved".equals(status(number)));
    assertEquals("5", one("SELECT rating::text FROM grievance_case WHERE number = ?", number));
  }

  @Test
  void aFilingHandledAgainAfterACrashStillMakesOneCase() throws Exception {
    String number = newNumber();
    CaseFiling filing = filing(number, "TestFiler|919800010904#1");
    // The citizen's event is in the journal; the projection may or may not have made the case when the node "crashed".
    file("919800010904", filing);
    EventEnvelope<Object> envelope = EventEnvelope.create(Offset.sequence(1), "TestFiler|919800010904", 1,
        new TestFiler.Filed(filing), clock.millis());
    CaseEntities entities = (CaseEntities) cases.commands();
    // Replayed from an old offset, twice: the same request is recognised.
    FilingHandler handler = new FilingHandler(TestFiler.SOURCE, entities, node.testKit.system(), new SimpleMeterRegistry().counter("reasks"));
    handler.process(List.of(envelope)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    handler.process(List.of(envelope, envelope)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    await(Duration.ofSeconds(30), () -> status(number) != null);
    assertEquals(List.of("1"), all("SELECT count(*)::text FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE '%Registered'",
        "Case|" + number));
    assertEquals(List.of("1"), all("SELECT count(*)::text FROM grievance_case WHERE number = ?", number));
  }

  @Test
  void theDeskGetsRefusalsItCanMapToItsErrors() {
    CaseDesk.Refused unknown = refusal(cases.commands().act("JAL-26-999998", OFFICER, new CaseDesk.Act.Start(null)));
    assertEquals(CaseDesk.Refused.Reason.NOT_FOUND, unknown.reason());

    String number = newNumber();
    file("919800010905", filing(number, "TestFiler|919800010905#1"));
    await(Duration.ofSeconds(30), () -> "assigned".equals(status(number)));
    cases.commands().act(number, OFFICER, new CaseDesk.Act.Resolve("done", null)).toCompletableFuture().join();
    CaseDesk.Refused again = refusal(cases.commands().act(number, OFFICER, new CaseDesk.Act.Resolve("done", null)));
    assertEquals(CaseDesk.Refused.Reason.ILLEGAL, again.reason());
    assertEquals("case " + number + " is resolved: it cannot be resolved again", again.getMessage());
    CaseDesk.Refused noReason = refusal(cases.commands().act(number, OFFICER, new CaseDesk.Act.Reject(" ")));
    assertEquals(CaseDesk.Refused.Reason.INVALID, noReason.reason());
    assertEquals("reason", noReason.field());
    assertEquals("official", refusal(cases.commands().act(number, OFFICER, new CaseDesk.Act.Assign("nobody", null))).field());
  }

  @Test
  void aLateCaseClimbsTheChainAsTheClockMovesAndTheNewAssigneeIsTold() {
    String number = newNumber();
    file("919800010906", filing(number, "TestFiler|919800010906#1"));
    await(Duration.ofSeconds(30), () -> "assigned".equals(status(number)));
    cases.commands().escalateIfLate(number, 0, clock.millis()).toCompletableFuture().join();
    assertEquals("0", one("SELECT level::text FROM grievance_case WHERE number = ?", number), "not due yet");

    clock.advance(Duration.ofHours(97));
    CaseDesk.View late = cases.commands().act(number, OFFICER, new CaseDesk.Act.Comment("waiting for a pipe")).toCompletableFuture().join();
    assertTrue(late.overdue());
    cases.commands().escalateIfLate(number, 0, clock.millis()).toCompletableFuture().join();
    cases.commands().escalateIfLate(number, 0, clock.millis()).toCompletableFuture().join();
    await(Duration.ofSeconds(2), () -> "1".equals(one("SELECT level::text FROM grievance_case WHERE number = ?", number)));
    assertEquals("jalandhar-head-water-sewerage", one("SELECT assignee FROM grievance_case WHERE number = ?", number));
    assertEquals(1, all("SELECT note FROM grievance_case_history WHERE number = ? AND step = 'escalated' AND by_whom = 'system'", number).size(),
        "escalated once for one deadline");

    clock.advance(Duration.ofHours(97));
    cases.commands().escalateIfLate(number, 1, clock.millis()).toCompletableFuture().join();
    await(Duration.ofSeconds(2), () -> "jalandhar-admin".equals(one("SELECT assignee FROM grievance_case WHERE number = ?", number)));
    await(Duration.ofSeconds(2), () -> steps(number).stream().filter("escalated"::equals).count() == 2);
    List<CaseChange> escalations = node.changes.stream().filter(c -> c.number().equals(number) && c.step().equals("escalated")).toList();
    assertNull(escalations.get(0).assigneeWhatsapp(), "the head of department has no WhatsApp number configured");
    assertEquals("919800010110", escalations.get(1).assigneeWhatsapp());
    assertEquals(2, escalations.get(1).level());
    assertFalse(steps(number).contains("commented"), "the citizen is not told of internal comments");
  }

  private static CaseDesk.Refused refusal(CompletionStage<?> stage) {
    Throwable error = assertThrows(Exception.class, () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    assertInstanceOf(CaseDesk.Refused.class, cause, String.valueOf(cause));
    return (CaseDesk.Refused) cause;
  }

  private static List<String> steps(String number) {
    return node.steps(number);
  }

  private static String status(String number) {
    return node.status(number);
  }

  private static String one(String sql, String param) {
    return node.one(sql, param);
  }

  private static List<String> all(String sql, String param) {
    return node.all(sql, param);
  }

  private static void await(Duration max, java.util.concurrent.Callable<Boolean> condition) {
    CasesTestNode.await(max, condition);
  }
}
