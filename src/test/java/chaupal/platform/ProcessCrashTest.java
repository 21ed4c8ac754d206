package chaupal.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaupal on its embedded default, killed as the OOM killer, a crashed JVM or a power cut kill it,
 * then started again on the same data directory: it must serve by itself and answer every message
 * it acknowledged before the crash exactly once. One data directory goes through every crash in
 * turn (each JVM start costs seconds); each test leaves a node serving for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessCrashTest {

  private static final Duration READY = Duration.ofSeconds(120);

  @TempDir
  static Path dir;
  private Path dataDir;
  private ChaupalProcess node;
  private Duration normalStart;
  private final List<String> acknowledged = new ArrayList<>();
  private int starts;
  /** Events and outbox rows of one citizen's first "hi", from a citizen who wrote in calm times. */
  private Answer calm;

  record Answer(int events, int replies, int sent) {}

  @BeforeAll
  void startTheFirstNode() throws Exception {
    dataDir = dir.resolve("data");
    long t0 = System.nanoTime();
    node = start();
    normalStart = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(200, node.sendText("919800010000", "wamid.calm"));
    calm = awaitAnswered("919800010000");
    assertTrue(calm.events() >= 1 && calm.replies() >= 1, calm.toString());
  }

  @AfterAll
  void stopTheLastNode() throws Exception {
    node.process.destroy();
    node.process.waitFor(60, TimeUnit.SECONDS);
    node.stopWhatIsLeft(dataDir);
  }

  @Test
  @Order(1)
  void aSecondChaupalOnTheLiveDataDirectoryIsRefusedWithOneLineAndTheFirstKeepsServing() throws Exception {
    ChaupalProcess second = ChaupalProcess.start(dir, dataDir, "second", true);
    assertTrue(second.process.waitFor(60, TimeUnit.SECONDS), "the second one stops by itself");
    assertEquals(2, second.process.exitValue());
    List<String> refusal = second.output().lines().filter(l -> l.startsWith("chaupal: cannot start:")).toList();
    assertEquals(1, refusal.size(), second.output());
    assertTrue(refusal.get(0).contains("CHAUPAL_DATA_DIR: ") && refusal.get(0).contains("is in use by another running Chaupal (pid "
        + node.process.pid() + ")"), refusal.get(0));
    sendAndAwaitAcknowledged(3, "alive");
    assertEveryAcknowledgedMessageAnsweredOnce();
  }

  @Test
  @Order(2)
  void killOfTheJavaProcessAlone() throws Exception {
    sendAndAwaitAcknowledged(20, "java");
    node.process.destroyForcibly(); // SIGKILL, as the OOM killer sends it
    assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
    restartAndCheck();
  }

  @Test
  @Order(3)
  void killOfItsWholeProcessGroup() throws Exception {
    sendAndAwaitAcknowledged(20, "group");
    kill("-" + node.process.pid()); // the group the node leads, as a shell's Ctrl-\ or systemd's KillMode=control-group
    assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
    restartAndCheck();
  }

  @Test
  @Order(4)
  void powerLossKillsPostgresToo() throws Exception {
    sendAndAwaitAcknowledged(20, "power");
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
    node.process.destroyForcibly();
    kill("-" + postmaster); // PostgreSQL leads its own session: its whole group, backends included
    assertTrue(node.process.waitFor(30, TimeUnit.SECONDS));
    ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    restartAndCheck();
  }

  private void restartAndCheck() throws Exception {
    long t0 = System.nanoTime();
    node = start();
    Duration restart = Duration.ofNanos(System.nanoTime() - t0);
    assertTrue(restart.compareTo(normalStart.plusSeconds(30)) < 0,
        "served again in " + restart.toSeconds() + " s, a normal start took " + normalStart.toSeconds() + " s");
    assertEveryAcknowledgedMessageAnsweredOnce();
  }

  private ChaupalProcess start() throws Exception {
    ChaupalProcess started = ChaupalProcess.start(dir, dataDir, "chaupal-" + (++starts), true);
    started.awaitReady(READY);
    return started;
  }

  /** Each citizen writes once; only what Chaupal answered 200 counts as acknowledged. */
  private void sendAndAwaitAcknowledged(int citizens, String batch) throws Exception {
    int offset = acknowledged.size();
    for (int i = 0; i < citizens; i++) {
      String citizen = "9198000" + (20000 + offset + i); // fictional numbers
      assertEquals(200, node.sendText(citizen, "wamid.crash." + batch + i));
      acknowledged.add(citizen);
    }
  }

  private void assertEveryAcknowledgedMessageAnsweredOnce() throws Exception {
    for (String citizen : acknowledged) {
      assertEquals(calm, awaitAnswered(citizen), "citizen " + citizen + ": persisted once, every reply sent once");
    }
  }

  /**
   * Waits until every outbox row of the citizen has been accepted by the simulator of Meta, each
   * after one recorded attempt. Checked at once: most citizens were answered long ago, and a fixed
   * poll interval would otherwise wait one interval before the first look (132 looks a run).
   */
  private Answer awaitAnswered(String citizen) throws Exception {
    try {
      return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
          .until(() -> answer(citizen), a -> a.replies() > 0 && a.sent() == a.replies());
    } catch (ConditionTimeoutException e) {
      return answer(citizen); // as far as it got: the caller's assertion says what is missing
    }
  }

  /**
   * Read as an operator inspects the embedded database: the port from postmaster.pid, the password
   * from the file Chaupal made.
   */
  private Answer answer(String citizen) throws Exception {
    List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    String password = Files.readAllLines(dataDir.resolve(EmbeddedAccess.PASSWORD_FILE)).get(0);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/chaupal", "postgres", password);
         PreparedStatement events = c.prepareStatement("SELECT count(*) FROM event_journal WHERE persistence_id LIKE ?");
         PreparedStatement rows = c.prepareStatement(
             "SELECT count(*), count(*) FILTER (WHERE state = 'accepted' AND attempts = 1) FROM outbound_message WHERE recipient = ?")) {
      events.setString(1, "%" + citizen);
      rows.setString(1, citizen);
      try (ResultSet e = events.executeQuery(); ResultSet r = rows.executeQuery()) {
        e.next();
        r.next();
        return new Answer(e.getInt(1), r.getInt(1), r.getInt(2));
      }
    }
  }

  private static void kill(String target) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-KILL", "--", target).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -KILL -- " + target);
  }
}
