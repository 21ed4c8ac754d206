package chaupal.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Chaupal processes, as an operator runs them from deploy/local, on one PostgreSQL, under
 * steady webhook load from citizens who each write their next message once the last one was
 * answered 200 (as Meta delivers, retrying on any other answer at another node, as a load
 * balancer would). Afterwards the journal must hold every acknowledged message exactly once, in
 * each citizen's order, and the outbox must have sent every reply. One cluster goes through every
 * fault in turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

  private static final int NODES = 3;
  private static final Duration READY = Duration.ofSeconds(120);
  /**
   * The aim is 10 s (failure detection about 3 s, stable-after 4 s, down-removal-margin 1 s, then
   * the shards' new homes and their citizens' recovery). On a 2-core machine running three nodes
   * and other builds (load average 20-35) it measured 11-15 s, and 51 s with Akka's defaults.
   */
  private static final Duration SERVED_AGAIN = Duration.ofSeconds(30);
  private static final Duration FIRST_WEBHOOK = Duration.ofSeconds(3);

  @TempDir
  static Path dir;
  private Database db;
  private final int[] httpPorts = new int[NODES];
  private final int[] remotePorts = new int[NODES];
  private final ChaupalProcess[] nodes = new ChaupalProcess[NODES];
  /** Nodes the load balancer sends to. */
  private final boolean[] inRotation = new boolean[NODES];
  private int starts;

  @BeforeAll
  void startTheCluster() throws Exception {
    db = TestDatabase.create("cluster_fault");
    for (int i = 0; i < NODES; i++) {
      httpPorts[i] = ChaupalProcess.freePort();
      remotePorts[i] = ChaupalProcess.freePort();
    }
    // One after another: three JVMs starting at once on 2 busy cores stalled one for 7 s, and the
    // others rightly removed it (a node paused longer than the failure detector allows).
    for (int i = 0; i < NODES; i++) {
      nodes[i] = launchReady(i);
      inRotation[i] = true;
    }
    // A ready node's first webhook is well inside the 5 s persist timeout. It took 2-4.6 s while
    // placing a shard waited for every node (Akka's majority-min-cap of 5), 0.6-2.1 s since.
    List<Long> firstWebhooks = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      long t0 = System.nanoTime();
      assertEquals(200, nodes[i].sendText("91980001500" + i, "wamid.first." + i, "hi", Duration.ofSeconds(10)), "node " + i + "'s first webhook");
      firstWebhooks.add(Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }
    System.out.println("ClusterFaultTest: each node's first webhook took " + firstWebhooks + " ms");
    assertTrue(firstWebhooks.stream().allMatch(ms -> ms < FIRST_WEBHOOK.toMillis()), "first webhooks took " + firstWebhooks + " ms");
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    for (ChaupalProcess node : nodes) if (node != null) node.process.destroyForcibly();
    for (ChaupalProcess node : nodes) if (node != null) node.process.waitFor(30, TimeUnit.SECONDS);
    if (db != null) db.close();
    // The nodes' logs outlive the temporary directory, for whoever reads a failure.
    Path logs = Files.createDirectories(Path.of("target", "cluster-fault-logs"));
    try (var files = Files.list(dir)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  @Order(1)
  void theSameWebhookAtTwoNodesAtOnceHasOneEffect() throws Exception {
    String citizen = "919800015001"; // fictional
    ExecutorService both = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> answers = both.invokeAll(List.of(
          () -> nodes[0].sendText(citizen, "wamid.twice", "hi", Duration.ofSeconds(10)),
          () -> nodes[1].sendText(citizen, "wamid.twice", "hi", Duration.ofSeconds(10))));
      assertEquals(200, answers.get(0).get());
      assertEquals(200, answers.get(1).get(), "the repeat is acknowledged too");
    } finally {
      both.shutdown();
    }
    assertEquals(List.of("wamid.twice"), journalled(citizen, List.of("wamid.twice", "wamid.twice")), "persisted once");
    assertEveryReplySent(List.of(citizen), false);
  }

  @Test
  @Order(2)
  void oneCitizensMessagesArrivingAtDifferentNodesKeepTheirOrder() throws Exception {
    String citizen = "919800015002"; // fictional
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String wamid = "wamid.order." + i;
      assertEquals(200, nodes[i % NODES].sendText(citizen, wamid, i == 0 ? "hi" : "m" + i, Duration.ofSeconds(10)));
      sent.add(wamid);
    }
    assertEquals(sent, journalled(citizen, sent));
    assertEveryReplySent(List.of(citizen), false);
  }

  @Test
  @Order(3)
  void aNodeKilledUnderLoadLosesNothingAndItsCitizensAreServedAgain() throws Exception {
    Load load = new Load("kill", 24, Duration.ofSeconds(1));
    load.start();
    Thread.sleep(5_000);
    int victim = NODES - 1; // the youngest; losing the oldest also moves the shard coordinators
    inRotation[victim] = false;
    long killedAt = System.nanoTime();
    nodes[victim].process.destroyForcibly(); // SIGKILL
    assertTrue(nodes[victim].process.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(15_000);
    load.stop();

    Duration unserved = load.longestUnservedAfter(killedAt);
    System.out.println("ClusterFaultTest: after kill -9, the last citizen was served again " + unserved.toMillis() + " ms after the kill");
    assertTrue(unserved.compareTo(SERVED_AGAIN) < 0, "citizens unserved for " + unserved.toMillis() + " ms");
    load.assertJournalHoldsEveryAcknowledgedMessageOnceInOrder();
    assertEveryReplySent(load.citizens, false);
  }

  /**
   * Starts node {@code i} and waits until it is ready. A port found free before the first node started
   * can be taken by then (an ephemeral port of another node's connections): such a start is tried again
   * on fresh ports, which only the starting node needs to know (the others are in the cluster already).
   */
  private ChaupalProcess launchReady(int i) throws Exception {
    for (int attempt = 1; ; attempt++) {
      ChaupalProcess node = launch(i);
      try {
        node.awaitReady(READY);
        return node;
      } catch (AssertionError e) {
        node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (attempt == 3 || e.getMessage() == null || !e.getMessage().contains("already in use")) throw e;
        httpPorts[i] = ChaupalProcess.freePort();
        remotePorts[i] = ChaupalProcess.freePort();
      }
    }
  }

  private ChaupalProcess launch(int i) throws IOException {
    String seeds = Arrays.stream(remotePorts).mapToObj(p -> "akka://chaupal@127.0.0.1:" + p).collect(Collectors.joining(","));
    return ChaupalProcess.start(dir, dir.resolve("data-" + i), "node" + i + "-" + (++starts), true, httpPorts[i], remotePorts[i],
        Map.of("DATABASE_URL", db.jdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "",
            "CHAUPAL_SEED_NODES", seeds, "CHAUPAL_DB_POOL_SIZE", "6", "CHAUPAL_JOURNAL_POOL_SIZE", "8"));
  }

  /** The citizen's journalled messages among {@code wamids}, in journal order, each as often as it was persisted. */
  private List<String> journalled(String citizen, List<String> wamids) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement(
             "SELECT event_payload FROM event_journal WHERE persistence_id = ? ORDER BY sequence_number")) {
      ps.setString(1, "Citizen|" + citizen);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // The event's CBOR holds the wamid's UTF-8 bytes as they are.
          String payload = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
          wamids.stream().distinct().filter(w -> holds(payload, w)).forEach(found::add);
        }
      }
    }
    return found;
  }

  /** CBOR strings have no terminator: a wamid is found where the next byte is not a digit of a longer wamid. */
  private static boolean holds(String payload, String wamid) {
    int at = payload.indexOf(wamid);
    while (at >= 0) {
      int next = at + wamid.length();
      if (next >= payload.length() || !Character.isDigit(payload.charAt(next))) return true;
      at = payload.indexOf(wamid, at + 1);
    }
    return false;
  }

  /** Every outbox row of these citizens accepted by the simulator; with {@code once}, each at its first attempt. */
  private void assertEveryReplySent(List<String> citizens, boolean once) {
    String[] recipients = citizens.toArray(String[]::new);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      try (Connection c = db.dataSource().getConnection();
           PreparedStatement ps = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE state = 'accepted'), "
               + "count(*) FILTER (WHERE attempts > 1), count(DISTINCT recipient) FROM outbound_message WHERE recipient = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("varchar", recipients));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(rs.getLong(1), rs.getLong(2), "every reply accepted");
          assertEquals(citizens.size(), rs.getLong(4), "every citizen answered");
          if (once) assertEquals(0, rs.getLong(3), "no reply sent twice");
        }
      }
    });
  }


  /**
   * Citizens writing steadily: each sends its next message once the last was answered 200, and
   * sends a message again at the next node in rotation after any other answer, a refused
   * connection or {@code deadline}.
   */
  private final class Load {
    private record Attempt(String citizen, int node, long startNanos, long endNanos, String outcome) {}

    final List<String> citizens;
    private final String name;
    private final Duration deadline;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService threads;
    private final List<Future<?>> work = new ArrayList<>();

    Load(String name, int citizens, Duration deadline) {
      this.name = name;
      this.deadline = deadline;
      this.citizens = IntStream.range(0, citizens).mapToObj(i -> String.format("9198000161%02d", i))
          .toList();
      this.threads = Executors.newFixedThreadPool(citizens);
    }

    void start() {
      for (String citizen : citizens) work.add(threads.submit(() -> write(citizen)));
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
      threads.shutdown();
    }

    private Void write(String citizen) throws Exception {
      List<String> mine = acknowledged.computeIfAbsent(citizen, c -> Collections.synchronizedList(new ArrayList<>()));
      for (int n = 0; running.get(); n++) {
        String wamid = "wamid." + name + "." + citizen + "." + n;
        while (true) {
          int node = nextNode();
          long t0 = System.nanoTime();
          String outcome;
          try {
            outcome = Integer.toString(nodes[node].sendText(citizen, wamid, n == 0 ? "hi" : "m" + n, deadline));
          } catch (HttpTimeoutException e) {
            outcome = "timeout";
          } catch (IOException e) {
            outcome = "io: " + e;
          }
          attempts.add(new Attempt(citizen, node, t0, System.nanoTime(), outcome));
          if (outcome.equals("200")) break;
          Thread.sleep(100);
        }
        mine.add(wamid);
        Thread.sleep(400);
      }
      return null;
    }

    private int nextNode() {
      while (true) {
        int node = Math.floorMod(next.getAndIncrement(), NODES);
        if (inRotation[node]) return node;
      }
    }

    /** For each citizen, from the kill to the start of its first attempt answered 200 after it; the longest. */
    Duration longestUnservedAfter(long killedAt) {
      long longest = 0;
      for (String citizen : citizens) {
        long served = attempts.stream()
            .filter(a -> a.citizen().equals(citizen) && a.outcome().equals("200") && a.startNanos() > killedAt)
            .mapToLong(Attempt::startNanos).min().orElse(Long.MAX_VALUE);
        boolean failedAfterKill = attempts.stream()
            .anyMatch(a -> a.citizen().equals(citizen) && !a.outcome().equals("200") && a.endNanos() > killedAt);
        if (failedAfterKill) longest = Math.max(longest, served - killedAt);
      }
      return Duration.ofNanos(longest);
    }



    void assertJournalHoldsEveryAcknowledgedMessageOnceInOrder() throws Exception {
      for (String citizen : citizens) {
        List<String> mine = List.copyOf(acknowledged.get(citizen));
        assertEquals(mine, journalled(citizen, mine), "citizen " + citizen + ": every acknowledged message once, in order");
      }
    }
  }
}
