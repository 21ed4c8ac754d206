package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import chaupal.tenancy.Directory;
import chaupal.testing.EntityTestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Case entity on the persistence test kit (which also serializes every command, event and state). */
class CaseTest {

  static final String NUMBER = "JAL-26-004217";
  static final long FILED = 1_780_000_000_000L;
  static final long HOUR = TimeUnit.HOURS.toMillis(1);
  static final CaseSettings SETTINGS = new CaseSettings(4, 20, Duration.ofDays(10), Duration.ofSeconds(5), Duration.ofSeconds(20));

  static ActorTestKit testKit;
  static CaseRouting routing;
  EventSourcedBehaviorTestKit<Case.Command, Case.Event, Case.State> kase;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EntityTestConfig.config());
    routing = new CaseRouting(Directory.load(Path.of("project-config")));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    kase = EventSourcedBehaviorTestKit.create(testKit.system(), Case.create(NUMBER, routing, SETTINGS));
  }

  /** A Jalandhar water complaint (no water supply, ward 2): its department has one officer, so it starts assigned. */
  static CaseFiling water(String number, String requestId) {
    return filing(number, requestId, "pb.jalandhar", "water-sewerage", "NoWaterSupply", 2);
  }

  static CaseFiling filing(String number, String requestId, String ulb, String category, String subType, Integer ward) {
    return new CaseFiling(number, requestId, "punjab", ulb, "complaint", category, subType, null,
        "paani nahi aa raha", 31.32, 75.57, "House 12, Model Town", "near the temple", ward,
        List.of(new CaseFiling.Attachment("photo", "media-1", "image/jpeg")),
        "919800010901", "Example Citizen", "100000000000001", "hi", FILED);
  }

  private StatusReply<Case.State> register(CaseFiling f) {
    return kase.<StatusReply<Case.State>>runCommand(r -> new Case.Register(f, r)).reply();
  }

  private StatusReply<Case.State> act(String by, CaseDesk.Act act) {
    return kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act(by, act, FILED + HOUR, r)).reply();
  }

  private StatusReply<Case.State> feedback(String requestId, boolean reopen, int stars, long at) {
    return kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(
        new CitizenFeedback(NUMBER, requestId, "919800010901", reopen, stars, reopen ? "still no water" : null, at), r)).reply();
  }

  private CaseStatus status() {
    return kase.getState().status();
  }

  private void assertRefused(StatusReply<?> reply, String message) {
    assertTrue(reply.isError(), "refused: " + reply);
    assertEquals(message, reply.getError().getMessage());
  }

  @Test
  void aFilingRoutedToOneOfficerIsRegisteredThenAssignedBySystem() {
    var result = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Register(water(NUMBER, "Citizen|919800010901#7"), r));
    assertEquals(2, result.events().size());
    Case.Registered registered = (Case.Registered) result.events().get(0);
    assertEquals(Case.CITIZEN, registered.by());
    assertEquals("water-sewerage", registered.department());
    assertEquals(FILED + 96 * HOUR, registered.after().dueAtMillis());
    Case.Assigned assigned = (Case.Assigned) result.events().get(1);
    assertEquals(Case.SYSTEM, assigned.by());
    assertEquals("jalandhar-water-sewerage", assigned.after().assignee());
    Case.State summary = result.reply().getValue();
    assertEquals(CaseStatus.ASSIGNED, summary.status());
    assertEquals("jalandhar-water-sewerage", summary.assignee());
    assertEquals(FILED + 96 * HOUR, summary.dueAtMillis());
  }

  @Test
  void theSameRequestAgainAnswersTheCaseAndAnotherRequestIsRefused() {
    register(water(NUMBER, "Citizen|919800010901#7"));
    var again = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Register(water(NUMBER, "Citizen|919800010901#7"), r));
    assertTrue(again.hasNoEvents());
    assertEquals(NUMBER, again.reply().getValue().number());
    kase.restart();
    var other = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Register(water(NUMBER, "Citizen|919800010902#3"), r));
    assertTrue(other.hasNoEvents());
    assertTrue(other.reply().isError());
    assertTrue(other.reply().getError().getMessage().contains("already filed"), other.reply().getError().getMessage());
  }

  @Test
  void aWardWithoutItsOfficerGoesToTheQueue() {
    // Jalandhar's sanitation officer serves wards 1-3 only.
    assertEquals(CaseStatus.ASSIGNED, register(filing(NUMBER, "r1", "pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 2)).getValue().status());
    fresh();
    kase = EventSourcedBehaviorTestKit.create(testKit.system(), Case.create("JAL-26-000002", routing, SETTINGS));
    Case.State queued = register(filing("JAL-26-000002", "r2", "pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 9)).getValue();
    assertEquals(CaseStatus.REGISTERED, queued.status());
    assertNull(queued.assignee());
    assertEquals(FILED + 336 * HOUR, queued.dueAtMillis());
  }

  @Test
  void theWholeLifeOfAResolvedCase() {
    register(water(NUMBER, "r1"));
    assertEquals(CaseStatus.IN_PROGRESS, act("jalandhar-water-sewerage", new CaseDesk.Act.Start("on my way")).getValue().status());
    assertEquals(CaseStatus.IN_PROGRESS, act("jalandhar-water-sewerage", new CaseDesk.Act.Comment("valve replaced")).getValue().status());
    var resolved = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-water-sewerage",
        new CaseDesk.Act.Resolve("supply restored", "media-9"), FILED + 2 * HOUR, r));
    Case.Resolved event = resolved.eventOfType(Case.Resolved.class);
    assertEquals("jalandhar-water-sewerage", event.by());
    assertEquals(FILED + 2 * HOUR, event.atMillis());
    assertEquals("supply restored", event.note());
    assertEquals("media-9", event.photoMediaId());
    assertRefused(act("jalandhar-water-sewerage", new CaseDesk.Act.Resolve("again", null)),
        "case JAL-26-004217 is resolved: it cannot be resolved again");
    Case.State closed = feedback("rate-1", false, 4, FILED + 3 * HOUR).getValue();
    assertEquals(CaseStatus.CLOSED_RESOLVED, closed.status());
    assertEquals(4, closed.rating());
    assertRefused(act("jalandhar-water-sewerage", new CaseDesk.Act.Comment("late note")),
        "case JAL-26-004217 is closed-resolved: it cannot be commented on");
    assertRefused(feedback("reopen-1", true, 0, FILED + 4 * HOUR), "case JAL-26-004217 is closed-resolved: it cannot be reopened");
  }

  @Test
  void anOfficialAsksAndTheCitizensAnswerLandsOnTheCaseOnce() {
    register(water(NUMBER, "r1"));
    var asked = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-water-sewerage",
        new CaseDesk.Act.Ask("Which street exactly?"), FILED + HOUR, r));
    Case.Asked question = asked.eventOfType(Case.Asked.class);
    assertEquals("Which street exactly?", question.note());
    assertEquals(CaseStatus.ASSIGNED, asked.reply().getValue().status(), "asking changes no status");

    CitizenFeedback answer = CitizenFeedback.answer(NUMBER, "Citizen|919800010901#9#0", "919800010901", "Gali 4, Model Town",
        List.of(new CaseFiling.Attachment("image", "media-7", "image/jpeg")), FILED + 2 * HOUR);
    var answered = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(answer, r));
    Case.Answered event = answered.eventOfType(Case.Answered.class);
    assertEquals(Case.CITIZEN, event.by());
    assertEquals("Gali 4, Model Town", event.note());
    assertEquals(List.of(new CaseFiling.Attachment("image", "media-7", "image/jpeg")), event.attachments());
    assertTrue(kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(answer, r)).hasNoEvents(), "a replay adds nothing");

    kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-water-sewerage", new CaseDesk.Act.Resolve("fixed", null),
        FILED + 3 * HOUR, r));
    assertRefused(act("jalandhar-water-sewerage", new CaseDesk.Act.Ask("anything else?")),
        "case JAL-26-004217 is resolved: it cannot be asked about");
  }

  @Test
  void aRejectedCaseClosesOnARating() {
    register(filing(NUMBER, "r1", "pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 9));
    assertEquals(CaseStatus.REJECTED, act("jalandhar-admin", new CaseDesk.Act.Reject("not a municipal matter")).getValue().status());
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Reject("again")), "case JAL-26-004217 is rejected: it cannot be rejected again");
    assertEquals(CaseStatus.CLOSED_REJECTED, feedback("rate-1", false, 1, FILED + 3 * HOUR).getValue().status());
  }

  @Test
  void assignReassignToTheQueueAndIllegalOnes() {
    register(filing(NUMBER, "r1", "pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 9));
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Start(null)), "case JAL-26-004217 is registered: it cannot be started");
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Resolve("done", null)), "case JAL-26-004217 is registered: it cannot be resolved");
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Assign(null, "back")),
        "case JAL-26-004217 is registered: it cannot be reassigned to the queue again");
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Reopen("why")), "case JAL-26-004217 is registered: it cannot be reopened");
    assertTrue(act("jalandhar-admin", new CaseDesk.Act.Assign("nobody-here", null)).isError());

    var assigned = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-admin",
        new CaseDesk.Act.Assign("jalandhar-sanitation", "ward 9 this week"), FILED + HOUR, r));
    assertEquals("assigned", assigned.eventOfType(Case.Assigned.class).step());
    assertEquals("jalandhar-sanitation", assigned.reply().getValue().assignee());
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Assign("jalandhar-sanitation", null)),
        "case JAL-26-004217 is assigned: it cannot be assigned again");
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Reject("no")), "case JAL-26-004217 is assigned: it cannot be rejected");
    act("jalandhar-sanitation", new CaseDesk.Act.Start(null));
    var back = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-sanitation",
        new CaseDesk.Act.Assign(null, "not my ward"), FILED + HOUR, r));
    assertEquals("reassigned", back.eventOfType(Case.Assigned.class).step());
    assertEquals(CaseStatus.REGISTERED, back.reply().getValue().status());
    assertNull(back.reply().getValue().assignee());
  }

  @Test
  void theCitizenReopensWithinTheWindowOnlyAndOnceByRequest() {
    register(water(NUMBER, "r1"));
    kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-water-sewerage", new CaseDesk.Act.Resolve("fixed", null), FILED, r));
    long withinWindow = FILED + Duration.ofDays(10).toMillis();
    var reopened = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(
        new CitizenFeedback(NUMBER, "reopen-1", "919800010901", true, 0, "still no water", withinWindow), r));
    Case.Reopened event = reopened.eventOfType(Case.Reopened.class);
    assertEquals(Case.CITIZEN, event.by());
    assertEquals("still no water", event.note());
    // Back to the queue and, the department having one officer, to them again with a fresh deadline.
    assertEquals(CaseStatus.ASSIGNED, reopened.reply().getValue().status());
    assertEquals(withinWindow + 96 * HOUR, reopened.reply().getValue().dueAtMillis());
    var repeat = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(
        new CitizenFeedback(NUMBER, "reopen-1", "919800010901", true, 0, "still no water", withinWindow), r));
    assertTrue(repeat.hasNoEvents());
    assertTrue(repeat.reply().isSuccess());

    kase.<StatusReply<Case.State>>runCommand(r -> new Case.Act("jalandhar-water-sewerage", new CaseDesk.Act.Resolve("fixed", null), withinWindow, r));
    StatusReply<Case.State> late = feedback("reopen-2", true, 0, withinWindow + Duration.ofDays(10).toMillis() + 1);
    assertTrue(late.isError());
    assertTrue(late.getError().getMessage().contains("can be reopened for 10 days only"), late.getError().getMessage());
    assertTrue(feedback("rate-0", false, 6, withinWindow).isError(), "six stars");
    StatusReply<Case.State> stranger = kase.<StatusReply<Case.State>>runCommand(r -> new Case.Feedback(
        new CitizenFeedback(NUMBER, "rate-9", "919800010999", false, 5, null, withinWindow), r)).reply();
    assertTrue(stranger.isError(), "another citizen");
  }

  @Test
  void actsOnAnUnknownCaseAreRefusedAsUnknown() {
    assertRefused(act("jalandhar-admin", new CaseDesk.Act.Start(null)), Case.unknown(NUMBER));
    assertRefused(kase.<StatusReply<Case.State>>runCommand(Case.Get::new).reply(), Case.unknown(NUMBER));
  }

  @Test
  void aLateCaseClimbsTheChainAndAtTheTopTheBreachIsRecordedOncePerDeadline() {
    register(water(NUMBER, "r1"));
    long due = FILED + 96 * HOUR;
    assertTrue(escalate(0, due - 1).hasNoEvents(), "not due yet");
    var first = escalate(0, due);
    Case.Escalated up = first.eventOfType(Case.Escalated.class);
    assertEquals(Case.SYSTEM, up.by());
    assertEquals(due, up.missedDueAtMillis());
    assertEquals(1, up.after().level());
    assertEquals("jalandhar-head-water-sewerage", up.after().assignee());
    assertEquals(due + 96 * HOUR, up.after().dueAtMillis());
    kase.restart();
    assertEquals(1, kase.getState().level(), "the level and deadline survive a restart");
    assertEquals(due + 96 * HOUR, kase.getState().dueAtMillis());
    assertTrue(escalate(0, due + 1).hasNoEvents(), "a repeat of the same level does nothing");
    assertTrue(escalate(1, due + 1).hasNoEvents(), "the new deadline has not passed");

    long due2 = due + 96 * HOUR;
    assertEquals("jalandhar-admin", escalate(1, due2).eventOfType(Case.Escalated.class).after().assignee());
    long due3 = due2 + 96 * HOUR;
    var top = escalate(2, due3 + 5);
    Case.DeadlineMissed missed = top.eventOfType(Case.DeadlineMissed.class);
    assertEquals(2, missed.after().level());
    assertEquals("jalandhar-admin", missed.after().assignee());
    assertEquals(due3 + 5 + 96 * HOUR, missed.after().dueAtMillis());
    assertTrue(escalate(2, due3 + 10).hasNoEvents(), "recorded once per deadline");
  }

  @Test
  void aClosedCaseIsNotEscalated() {
    register(water(NUMBER, "r1"));
    act("jalandhar-water-sewerage", new CaseDesk.Act.Resolve("fixed", null));
    assertTrue(escalate(0, FILED + 1000 * HOUR).hasNoEvents());
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Case.Command, Case.Event, Case.State, StatusReply<Done>> escalate(int level, long now) {
    return kase.runCommand(r -> new Case.EscalateIfLate(level, now, r));
  }
}
