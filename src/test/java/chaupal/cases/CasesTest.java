package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.persistence.query.Offset;
import akka.projection.eventsourced.EventEnvelope;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The case part on a single-node cluster and real PostgreSQL: filings to cases, the read tables, the watcher. */
class CasesTest {

  static final int CITIZEN_SLICES = 8;
  static final CaseDesk.Actor OFFICER = new CaseDesk.Actor("jalandhar-water-sewerage", "punjab",
      Official.Role.DEPARTMENT_OFFICER, new Official.Scope(List.of("pb.jalandhar"), List.of("water-sewerage"), List.of()));

  static Database db;
  static ActorTestKit testKit;
  static Directory directory;
  static Cases cases;
  static final List<CaseChange> changes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("cases");
    testKit = ActorTestKit.create("cases", TestDatabase.akkaConfig(db, ConfigFactory.parseString("""
        akka.actor.provider = cluster
        akka.remote.artery.canonical.hostname = "127.0.0.1"
        akka.remote.artery.canonical.port = 0
        akka.cluster.seed-nodes = []
        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
        akka.coordinated-shutdown.exit-jvm = off
        chaupal.citizen.tag-slices = %d
        """.formatted(CITIZEN_SLICES))));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    await(Duration.ofSeconds(20), () -> cluster.selfMember().status() == MemberStatus.up());
    directory = Directory.load(Path.of("project-config"));
    CaseWatcher watcher = change -> {
      changes.add(change);
      return CompletableFuture.completedFuture(Done.getInstance());
    };
    cases = Cases.init(testKit.system(), directory, db.dataSource(), TestFiler.SOURCE, watcher, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
    db.close();
  }

  private static String newNumber() {
    return cases.numbers().reserve("JAL", System.currentTimeMillis()).toCompletableFuture().join();
  }

  private static void file(String waId, CaseFiling filing) {
    TestProbe<Done> probe = testKit.createTestProbe();
    ActorRef<TestFiler.Command> filer = testKit.spawn(TestFiler.create(waId, CITIZEN_SLICES));
    filer.tell(new TestFiler.File(filing, probe.getRef()));
    probe.expectMessage(Duration.ofSeconds(20), Done.getInstance());
    testKit.stop(filer);
  }

  private static CaseFiling filing(String number, String requestId) {
    CaseFiling f = CaseTest.water(number, requestId);
    return new CaseFiling(f.number(), f.requestId(), f.tenant(), f.ulb(), f.kind(), f.category(), f.subType(), f.department(),
        f.description(), f.latitude(), f.longitude(), f.address(), f.landmark(), f.ward(), f.attachments(), f.citizenId(),
        f.citizenName(), f.channelId(), f.language(), System.currentTimeMillis());
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
    CaseChange assigned = changes.stream().filter(c -> c.number().equals(number) && c.step().equals("assigned")).findFirst().orElseThrow();
    assertEquals("919800010113", assigned.assigneeWhatsapp());
    assertEquals("water-sewerage", assigned.department());
    assertEquals("919800010901", assigned.citizenId());
    CaseChange resolved = changes.stream().filter(c -> c.number().equals(number) && c.step().equals("resolved")).findFirst().orElseThrow();
    assertEquals("media-7", resolved.photoMediaId());
    assertEquals(CaseStatus.RESOLVED, resolved.status());
  }

  @Test
  void theCitizensRatingClosesTheCaseThroughTheFilingsProjection() {
    String number = newNumber();
    file("919800010903", filing(number, "TestFiler|919800010903#1"));
    await(Duration.ofSeconds(30), () -> "assigned".equals(status(number)));
    cases.commands().act(number, OFFICER, new CaseDesk.Act.Resolve("done", null)).toCompletableFuture().join();
    TestProbe<Done> probe = testKit.createTestProbe();
    ActorRef<TestFiler.Command> filer = testKit.spawn(TestFiler.create("919800010903", CITIZEN_SLICES));
    filer.tell(new TestFiler.Say(new CitizenFeedback(number, "TestFiler|919800010903#2", "919800010901", false, 5, "thanks",
        System.currentTimeMillis()), probe.getRef()));
    probe.expectMessage(Duration.ofSeconds(20), Done.getInstance());
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
        new TestFiler.Filed(filing), System.currentTimeMillis());
    CaseEntities entities = (CaseEntities) cases.commands();
    // Replayed from an old offset, twice: the same request is recognised.
    new FilingHandler(TestFiler.SOURCE, entities).process(List.of(envelope)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    new FilingHandler(TestFiler.SOURCE, entities).process(List.of(envelope, envelope)).toCompletableFuture().get(20, TimeUnit.SECONDS);
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

  private static CaseDesk.Refused refusal(CompletionStage<?> stage) {
    Throwable error = assertThrows(Exception.class, () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    assertInstanceOf(CaseDesk.Refused.class, cause, String.valueOf(cause));
    return (CaseDesk.Refused) cause;
  }

  private static List<String> steps(String number) {
    return changes.stream().filter(c -> c.number().equals(number)).map(CaseChange::step).toList();
  }

  private static String status(String number) {
    return one("SELECT status FROM grievance_case WHERE number = ?", number);
  }

  private static String one(String sql, String param) {
    List<String> rows = all(sql, param);
    assertTrue(rows.size() <= 1, sql + ": " + rows);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static List<String> all(String sql, String param) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) rows.add(rs.getString(1));
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void await(Duration max, java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(25)).until(condition);
  }
}
