package chaupal.cases;

import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** A single-node cluster on a test database running the case part, with a watcher that records every change. */
final class CasesTestNode implements AutoCloseable {

  static final int CITIZEN_SLICES = 8;

  final Database db;
  final ActorTestKit testKit;
  final Cases cases;
  final Clock clock;
  final List<CaseChange> changes = new CopyOnWriteArrayList<>();

  /** The case part's metrics (its lag hop by hop). */
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

  CasesTestNode(Database db, Clock clock, String extraConfig) {
    this.db = db;
    this.clock = clock;
    this.testKit = ActorTestKit.create("cases", TestDatabase.akkaConfig(db, ConfigFactory.parseString(extraConfig + """

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
    CaseWatcher watcher = change -> {
      changes.add(change);
      return CompletableFuture.completedFuture(Done.getInstance());
    };
    cases = Cases.init(testKit.system(), Directory.load(Path.of("project-config")), db.dataSource(), TestFiler.SOURCE, watcher, clock,
        metrics);
  }

  String newNumber() {
    return cases.numbers().reserve("JAL", clock.millis()).toCompletableFuture().join();
  }

  /** A Jalandhar water complaint filed now by the test clock. */
  CaseFiling filing(String number, String requestId) {
    CaseFiling f = CaseTest.water(number, requestId);
    return new CaseFiling(f.number(), f.requestId(), f.tenant(), f.ulb(), f.kind(), f.category(), f.subType(), f.department(),
        f.description(), f.latitude(), f.longitude(), f.address(), f.landmark(), f.ward(), f.attachments(), f.citizenId(),
        f.citizenName(), f.channelId(), f.language(), clock.millis());
  }

  /** The citizen's event carrying the filing (or feedback), persisted; waits until it is in the journal. */
  void persist(String waId, java.util.function.Function<ActorRef<Done>, TestFiler.Command> command, Duration within) {
    send(waId, command).expectMessage(within, Done.getInstance());
  }

  /** As {@link #persist}, without waiting: the probe hears when the event is in the journal. */
  TestProbe<Done> send(String waId, java.util.function.Function<ActorRef<Done>, TestFiler.Command> command) {
    TestProbe<Done> probe = testKit.createTestProbe();
    testKit.spawn(TestFiler.create(waId, CITIZEN_SLICES)).tell(command.apply(probe.getRef()));
    return probe;
  }

  void file(String waId, CaseFiling filing) {
    persist(waId, r -> new TestFiler.File(filing, r), Duration.ofSeconds(20));
  }

  List<String> steps(String number) {
    return changes.stream().filter(c -> c.number().equals(number)).map(CaseChange::step).toList();
  }

  CaseChange change(String number, String step) {
    return changes.stream().filter(c -> c.number().equals(number) && c.step().equals(step)).findFirst().orElseThrow();
  }

  String status(String number) {
    return one("SELECT status FROM grievance_case WHERE number = ?", number);
  }

  String one(String sql, String param) {
    List<String> rows = all(sql, param);
    assertTrue(rows.size() <= 1, sql + ": " + rows);
    return rows.isEmpty() ? null : rows.get(0);
  }

  List<String> all(String sql, String param) {
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

  static void await(Duration max, Callable<Boolean> condition) {
    Awaitility.await().atMost(max).pollInterval(Duration.ofMillis(25)).until(condition);
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
