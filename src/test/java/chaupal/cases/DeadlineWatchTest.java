package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chaupal.platform.Database;
import chaupal.platform.TestCluster;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestClock;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadlineWatchTest {

  final TestClock clock = new TestClock();
  final Instant t0 = clock.instant();
  final RecordingCaseCommands commands = new RecordingCaseCommands();
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  Database db;
  CaseRows rows;
  ActorTestKit testKit;

  @BeforeEach
  void listen() {
    logged.start();
    ((Logger) LoggerFactory.getLogger(DeadlineWatch.class)).addAppender(logged);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(DeadlineWatch.class)).detachAppender(logged);
    if (testKit != null) testKit.shutdownTestKit();
    if (db != null) db.close();
  }

  @Test
  void escalatesAnOpenCaseOnceTheClockReachesItsDueTimeAndNotBeforeAndAgainAtItsNextLevel() {
    db = TestDatabase.create("deadline_watch");
    rows = new CaseRows(db.dataSource());
    late("JAL-26-000001", "registered", 0, t0.minusSeconds(60));
    late("JAL-26-000002", "assigned", 1, t0.plus(Duration.ofHours(1)));
    late("JAL-26-000003", "resolved", 0, t0.minus(Duration.ofHours(1)));
    late("JAL-26-000004", "closed-rejected", 2, t0.minus(Duration.ofHours(1)));
    FlakyDatabase database = new FlakyDatabase(db.dataSource());

    DeadlineWatch.init(node(), database.dataSource(), commands, clock);

    await(() -> !commands.escalations.isEmpty());
    assertEquals(new RecordingCaseCommands.Escalation("JAL-26-000001", 0, t0.toEpochMilli()), commands.escalations.get(0));
    ticks(database, 3);
    assertEquals(List.of("JAL-26-000001"), escalated(), "only the open case past its due time");
    assertEquals(1, commands.escalations.size(), "a case that answered is not asked again while its row stays the same");

    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    ticks(database, 3);
    assertEquals(List.of("JAL-26-000001"), escalated(), "a second before its due time the assigned case waits");

    // the projection writes the escalation: the next level is due with the assigned case
    rows.exec("UPDATE grievance_case SET level = 1, due_at = ? WHERE number = 'JAL-26-000001'", at(t0.plus(Duration.ofHours(1))));
    ticks(database, 2);
    assertEquals(1, commands.escalations.size(), "not yet due at its next level");
    clock.advance(Duration.ofSeconds(1));
    await(() -> commands.escalations.size() >= 3);
    Instant now = t0.plus(Duration.ofHours(1));
    assertEquals(List.of(
            new RecordingCaseCommands.Escalation("JAL-26-000001", 1, now.toEpochMilli()),
            new RecordingCaseCommands.Escalation("JAL-26-000002", 1, now.toEpochMilli())),
        commands.escalations.subList(1, 3), "each at its level, with the watch's now");
    ticks(database, 3);
    assertEquals(3, commands.escalations.size(), "closed cases never escalate: " + commands.escalations);
  }

  @Test
  void aDatabaseOutageFailsOnlyItsTicksAndIsLoggedOnceAnOutage() {
    db = TestDatabase.create("deadline_watch_outage");
    rows = new CaseRows(db.dataSource());
    late("ZRK-26-000001", "in-progress", 1, t0.minusSeconds(1));
    FlakyDatabase outage = new FlakyDatabase(db.dataSource());
    outage.down = true;

    DeadlineWatch.init(node(), outage.dataSource(), commands, clock);

    await(() -> outage.refused.get() >= 4);
    assertEquals(List.of(), commands.escalations);
    assertEquals(1, warnings(), "one warning for the outage, not one a tick: " + logged.list);
    assertTrue(logged.list.get(0).getFormattedMessage().contains("database is down"), logged.list.get(0).getFormattedMessage());

    outage.down = false;
    await(() -> !commands.escalations.isEmpty());
    await(() -> logged.list.stream().anyMatch(e -> e.getLevel() == Level.INFO));
    assertEquals(List.of(new RecordingCaseCommands.Escalation("ZRK-26-000001", 1, t0.toEpochMilli())), commands.escalations);

    outage.down = true;
    int refused = outage.refused.get();
    await(() -> outage.refused.get() >= refused + 3);
    assertEquals(2, warnings(), "a second outage warns again");
  }

  @Test
  void onePassReadsEveryLateCaseInBatchesAndAFailedEscalationDoesNotStopTheOthers() throws Exception {
    db = TestDatabase.create("deadline_watch_batches");
    rows = new CaseRows(db.dataSource());
    int count = 2 * DeadlineWatch.BATCH + 1;
    // the same due time for many cases: the batches must page by number within it
    rows.exec("INSERT INTO grievance_case (number, tenant, ulb, department, category, kind, status, level, citizen_id,"
        + " channel_id, language, filed_at, due_at, updated_at, last_sequence)"
        + " SELECT 'SGR-26-' || lpad(i::text, 6, '0'), 'sagar', 'sagar', 'water', 'no-water', 'complaint', 'registered', 0,"
        + " '919800010002', '100000000000002', 'hi', ?, ?, ?, 1 FROM generate_series(1, ?) AS i",
        at(t0.minusSeconds(3600)), at(t0.minusSeconds(60)), at(t0), count);
    commands.unreachable = "SGR-26-000007";
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try {
      DeadlineWatch watch = new DeadlineWatch(db.dataSource(), blocking, commands, clock);
      assertEquals(new DeadlineWatch.Pass(count, count, 1), watch.check().toCompletableFuture().get());
      assertEquals(count, escalated().size(), "every late case asked once");
      assertEquals(new DeadlineWatch.Pass(count, 1, 1), watch.check().toCompletableFuture().get(),
          "the next pass asks again only the case that did not answer");
      assertEquals(count + 1, commands.escalations.size());
    } finally {
      blocking.shutdown();
    }
  }

  @Test
  void slaBreachesAreTheOverdueCasesOfTheLastPassAndTheEscalationsAnswered() throws Exception {
    db = TestDatabase.create("deadline_watch_metrics");
    rows = new CaseRows(db.dataSource());
    late("JAL-26-000011", "registered", 0, t0.minusSeconds(60));
    late("JAL-26-000012", "assigned", 1, t0.minusSeconds(30));
    late("JAL-26-000013", "assigned", 0, t0.plus(Duration.ofHours(1)));
    commands.unreachable = "JAL-26-000012";
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try {
      DeadlineWatch watch = new DeadlineWatch(db.dataSource(), blocking, commands, clock, metrics);
      watch.check().toCompletableFuture().get();
      assertEquals(2.0, metrics.get("chaupal.sla.overdue.cases").gauge().value(), "both cases past their due time");
      assertEquals(1.0, metrics.get("chaupal.sla.escalations").counter().count(), "only the case that answered");
    } finally {
      blocking.shutdown();
    }
  }

  // ---- fixtures ----

  /** A node of a one-node cluster with the watch checking every 100 ms. */
  private ActorSystem<Void> node() {
    testKit = TestCluster.start("deadlines",
        ConfigFactory.parseString("chaupal.cases.deadline-check-interval = 100ms").withFallback(ConfigFactory.load()));
    return testKit.system();
  }

  private void late(String number, String status, int level, Instant dueAt) {
    rows.insert(new CaseRows.Row(number, "punjab", "jalandhar", "water", "no-water", status, null, level, null,
        dueAt.minus(Duration.ofDays(2)), dueAt, t0));
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private List<String> escalated() {
    return commands.escalations.stream().map(RecordingCaseCommands.Escalation::number).distinct().sorted().toList();
  }

  private long warnings() {
    return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(condition);
  }

  /** Waits until the watch has taken {@code count} more connections (ticks) from {@code database}. */
  private static void ticks(FlakyDatabase database, int count) {
    int taken = database.connections.get();
    await(() -> database.connections.get() >= taken + count);
  }

  /** The database as the watch reaches it: counts connections, and refuses them while {@code down}. */
  static final class FlakyDatabase {
    final DataSource real;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    volatile boolean down;

    FlakyDatabase(DataSource real) {
      this.real = real;
    }

    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
              connections.incrementAndGet();
              if (down) {
                refused.incrementAndGet();
                throw new SQLException("Connection refused: the database is down", "08001");
              }
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }
  }
}
