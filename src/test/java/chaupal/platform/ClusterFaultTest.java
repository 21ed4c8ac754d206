package chaupal.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * each citizen's order, and the outbox must have sent every reply. Meta is one simulator in this JVM,
 * which outlives every node and records every send. One cluster goes through every fault in turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

  private static final int NODES = 3;
  private static final Duration READY = Duration.ofSeconds(120);
  /**
   * The aim is 10 s (failure detection about 3 s, stable-after 3 s, removal, down-removal-margin 1 s,
   * then the shards' new homes, asked for every 0.5 s, and their citizens' recovery). On a 2-core
   * machine running three nodes and other builds (load average 20-40) it measured 7.6-10.4 s; 11-17 s
   * with the earlier settings (stable-after 4 s, Akka's 1 s heartbeats and ticks, 2 s region retries),
   * 51 s with Akka's defaults.
   */
  private static final Duration SERVED_AGAIN = Duration.ofSeconds(20);
  private static final Duration FIRST_WEBHOOK = Duration.ofSeconds(3);
  /** The bar for the outbox across a join or a leave: from a citizen's event to Meta's acceptance of its reply. */
  private static final Duration OUTBOX_LAG = Duration.ofSeconds(2);
  /**
   * How long each step of the rolling restart runs on after its node is ready: past the first shard
   * rebalance to the new node (akka.cluster.sharding.rebalance-interval, 10 s) and the moved workers' start.
   */
  private static final Duration REBALANCED = Duration.ofSeconds(12);
  /** chaupal.ingress.persist-timeout: a webhook waiting this long is answered 503, a timeout for Meta. */
  private static final Duration PERSIST_TIMEOUT = Duration.ofSeconds(5);
  /** The campaign's channel (no other test writes to it) and its pace there, low so the campaign still runs at the kill. */
  private static final String DELHI = "100000000000005";
  private static final String PUNJAB = "100000000000001";
  private static final int CAMPAIGN_RATE = 20;
  private static final String ADMIN_PASSWORD = "cluster-fault-admin-password";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String META_TOKEN = "cluster-fault-meta-token";

  @TempDir
  static Path dir;
  private Database db;
  private final int[] httpPorts = new int[NODES];
  private final int[] remotePorts = new int[NODES];
  private final ChaupalProcess[] nodes = new ChaupalProcess[NODES];
  /** Nodes the load balancer sends to. */
  private final boolean[] inRotation = new boolean[NODES];
  private int starts;
  private Path configDir;
  private akka.actor.typed.ActorSystem<Void> meta;
  private chaupal.simulator.Simulator simulator;
  private int metaPort;
  /** Where Meta posts its status webhooks: a load balancer in front of the nodes in rotation. */
  private com.sun.net.httpserver.HttpServer statusBalancer;
  /** Statuses reach the cluster only in the campaign's test; the load tests measure without them, as before. */
  private volatile boolean statusesToTheCluster;

  @BeforeAll
  void startTheCluster() throws Exception {
    db = TestDatabase.create("cluster_fault");
    configDir = paced(dir.resolve("project-config"));
    startMeta();
    for (int i = 0; i < NODES; i++) {
      httpPorts[i] = ChaupalProcess.freePort();
      remotePorts[i] = ChaupalProcess.freePort();
    }
    // One after another: three JVMs starting at once on 2 busy cores stalled one for 7 s, and the
    // others rightly removed it (a node paused longer than the failure detector allows).
    for (int i = 0; i < NODES; i++) {
      nodes[i] = launchReady(i, i == 0);
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

  /**
   * Meta's stand-in for the whole cluster, in this JVM: a node's own simulator would go with the node,
   * so its last sends in a graceful stop were refused and retried with backoff, holding each of those
   * citizens' later replies; and its record would die with a killed node. This one outlives every
   * node and records every send of the cluster.
   */
  private void startMeta() throws Exception {
    startStatusBalancer();
    meta = akka.actor.typed.ActorSystem.create(akka.actor.typed.javadsl.Behaviors.empty(), "meta", com.typesafe.config.ConfigFactory.parseMap(Map.of(
        "akka.actor.provider", "local", "akka.extensions", List.of(), "akka.loglevel", "WARNING",
        "chaupal.simulator.status-webhooks", "true")).withFallback(com.typesafe.config.ConfigFactory.load()));
    simulator = new chaupal.simulator.Simulator(meta, chaupal.simulator.SimulatorSettings.from(meta.settings().config(),
        Node.businessNumbers(chaupal.tenancy.Directory.load(configDir)),
        "http://127.0.0.1:" + statusBalancer.getAddress().getPort() + "/webhooks/whatsapp", ChaupalProcess.SECRET, META_TOKEN));
    metaPort = akka.http.javadsl.Http.get(meta).newServerAt("127.0.0.1", 0).bind(simulator.routes()).toCompletableFuture()
        .get(20, TimeUnit.SECONDS).localAddress().getPort();
  }

  /**
   * Passes each status webhook on to the first node in rotation that answers 200, as a load balancer
   * would; 503 when none does, and Meta posts it again. Answers 200 at once while statuses are kept from the cluster.
   */
  private void startStatusBalancer() throws IOException {
    statusBalancer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    statusBalancer.setExecutor(Executors.newFixedThreadPool(8));
    statusBalancer.createContext("/webhooks/whatsapp", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String signature = exchange.getRequestHeaders().getFirst(chaupal.whatsapp.WebhookSignature.HEADER);
      int answer = statusesToTheCluster ? 503 : 200;
      for (int i = 0; i < NODES && answer != 200; i++) {
        if (!inRotation[i] || nodes[i] == null || !nodes[i].process.isAlive()) continue;
        try {
          answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts[i] + "/webhooks/whatsapp"))
              .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
              .header(chaupal.whatsapp.WebhookSignature.HEADER, signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
          answer = 503; // the next node in rotation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    statusBalancer.start();
  }

  @AfterAll
  void stopTheCluster() throws Exception {
    if (statusBalancer != null) statusBalancer.stop(0);
    for (ChaupalProcess node : nodes) if (node != null) node.process.destroyForcibly();
    for (ChaupalProcess node : nodes) if (node != null) node.process.waitFor(30, TimeUnit.SECONDS);
    if (meta != null) meta.terminate();
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
    Load load = new Load("kill", "9198000161", 24, Duration.ofMillis(400), Duration.ofSeconds(1));
    load.start();
    Thread.sleep(5_000);
    int victim = NODES - 1; // the youngest; losing the oldest also moves the shard coordinators
    inRotation[victim] = false;
    long killedAt = System.nanoTime();
    java.time.LocalTime killedClock = java.time.LocalTime.now(java.time.ZoneOffset.UTC); // to read the nodes' logs by
    nodes[victim].process.destroyForcibly(); // SIGKILL
    assertTrue(nodes[victim].process.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(15_000);
    load.stop();

    Duration unserved = load.longestUnservedAfter(killedAt);
    System.out.println("ClusterFaultTest: after kill -9, the last citizen was served again " + unserved.toMillis() + " ms after the kill at " + killedClock + " UTC");
    assertTrue(unserved.compareTo(SERVED_AGAIN) < 0, "citizens unserved for " + unserved.toMillis() + " ms");
    load.assertJournalHoldsEveryAcknowledgedMessageOnceInOrder();
    assertEveryReplySent(load.citizens, false);
  }

  /**
   * A rolling restart as an operator (or Kubernetes) does it: each node in turn taken out of the load
   * balancer and sent SIGTERM, started again once it has exited, and put back once ready. Its citizens
   * and workers are handed over, not lost: nothing acknowledged is lost or journalled twice, each
   * citizen's order holds, every reply is sent and none twice. The bars hold across every join
   * and leave: no webhook waits into the persist timeout (a webhook a hand-over dropped is asked again
   * within it), and no reply waits 2 s or more from its citizen's event to Meta's acceptance (a moved
   * outbox worker is started again at once, not at Akka's next keep-alive up to 10 s later).
   */
  @Test
  @Order(4)
  void aRollingRestartUnderLoadLosesNothingAndSendsNothingTwice() throws Exception {
    // More citizens, each writing less often than in the kill's load: this one runs for minutes, and Meta
    // answers 131056 to more than about one message every 6 s to one citizen once a burst of 45 is spent.
    Load load = new Load("roll", "9198000162", 48, Duration.ofSeconds(4), PERSIST_TIMEOUT.plusSeconds(1));
    OutboxLag lag = new OutboxLag(load.citizens);
    load.start();
    long from = System.nanoTime();
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      if (!nodes[i].process.isAlive()) { // the node killed above joins again first, under the load
        Step step = new Step("node " + i + " joined");
        nodes[i] = launchReady(i, false);
        inRotation[i] = true;
        step.ready();
        Thread.sleep(REBALANCED.toMillis());
        steps.add(step.end());
      }
    }
    for (int i = 0; i < NODES; i++) {
      Step step = new Step("node " + i + " restarted");
      inRotation[i] = false;
      nodes[i].process.destroy(); // SIGTERM
      assertTrue(nodes[i].process.waitFor(60, TimeUnit.SECONDS), "node " + i + " stopped within 60 s of SIGTERM");
      step.left();
      nodes[i] = launchReady(i, false);
      inRotation[i] = true;
      step.ready();
      Thread.sleep(REBALANCED.toMillis()); // the restarted node takes webhooks and workers before the next one stops
      steps.add(step.end());
    }
    load.stop();
    assertEveryReplySent(load.citizens, false);
    List<String> figures = new ArrayList<>();
    for (Step step : steps) {
      figures.add(step.name + ": " + step.timings() + "; worst webhook " + load.worstLatencyBetween(step.fromNanos, step.untilNanos).toMillis()
          + " ms, worst outbox lag " + lag.worstBetween(step.fromMillis, step.untilMillis).toMillis() + " ms");
    }
    System.out.println("ClusterFaultTest: rolling restart: " + String.join("; ", figures) + "; answers " + load.outcomes(from));

    load.assertJournalHoldsEveryAcknowledgedMessageOnceInOrder();
    // Handed over, not killed: every send's outcome was recorded before its worker stopped, so Meta got none twice.
    assertEquals(List.of(), sentTwice(load.citizens, PUNJAB, java.time.Instant.EPOCH), "sends Meta accepted that no outbox row records");
    for (Step step : steps) {
      Duration webhook = load.worstLatencyBetween(step.fromNanos, step.untilNanos);
      assertTrue(webhook.compareTo(PERSIST_TIMEOUT) < 0, step.name + ": a webhook waited " + webhook.toMillis() + " ms, into the persist timeout");
      Duration outbox = lag.worstBetween(step.fromMillis, step.untilMillis);
      assertTrue(outbox.compareTo(OUTBOX_LAG) < 0, step.name + ": a reply waited " + outbox.toMillis() + " ms to be sent");
    }
    assertEquals(Map.of(), load.failures(from), "webhooks not answered 200 (timed out, refused) during the restart");
  }

  /** One join or restart of the rolling restart: from its start until the cluster has settled after it. */
  private static final class Step {
    final String name;
    final long fromNanos = System.nanoTime();
    final long fromMillis = System.currentTimeMillis();
    private long leftNanos;
    private long readyNanos;
    long untilNanos;
    long untilMillis;

    Step(String name) {
      this.name = name;
    }

    void left() {
      leftNanos = System.nanoTime();
    }

    void ready() {
      readyNanos = System.nanoTime();
    }

    Step end() {
      untilNanos = System.nanoTime();
      untilMillis = System.currentTimeMillis();
      return this;
    }

    String timings() {
      return leftNanos == 0 ? "ready in " + ms(readyNanos - fromNanos) + " ms"
          : "left in " + ms(leftNanos - fromNanos) + " ms, ready again " + ms(readyNanos - leftNanos) + " ms later";
    }
  }

  /**
   * A campaign on Delhi's channel, paced at {@link #CAMPAIGN_RATE} a second so that it is still running, has the node
   * that runs it (the campaign runner, one in the cluster) killed: another node's runner goes on where the
   * tables say, and every subscriber gets the campaign's message once, nobody skipped.
   */
  @Test
  @Order(5)
  void aNodeKilledDuringARunningCampaignLeavesNobodySkippedAndNobodyWithTwoMessages() throws Exception {
    statusesToTheCluster = true;
    List<String> subscribers = IntStream.range(0, 300).mapToObj(i -> String.format("919800017%03d", i)).toList(); // fictional
    Officials api = new Officials(nodes[0]);
    for (int from = 0; from < subscribers.size(); from += 150) {
      String rows = subscribers.subList(from, from + 150).stream().map(n -> "{\"number\":\"" + n
          + "\",\"language\":\"en\",\"consented_at\":\"2026-11-20T10:15:00+05:30\",\"reference\":\"form-" + n + "\"}")
          .collect(Collectors.joining(","));
      HttpResponse<String> imported = api.post("/api/v1/subscriptions/import",
          "{\"channel\":\"" + DELHI + "\",\"topic\":\"scheme-announcements\",\"consents\":[" + rows + "]}");
      assertEquals(200, imported.statusCode(), imported.body());
      assertTrue(imported.body().contains("\"recorded\":150"), imported.body());
    }
    String plan = "{\"template_name\":\"health_camp\",\"languages\":[\"en\"],\"parameters\":[{\"value\":\"Ward 9 dispensary\"},"
        + "{\"value\":\"Sunday\"}],\"audience\":{\"channels\":[\"" + DELHI + "\"],\"topics\":[\"scheme-announcements\"]}}";
    // The consents reach the audience through their projection: the whole list before the campaign starts.
    List<HttpResponse<String>> created = new CopyOnWriteArrayList<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      HttpResponse<String> r = api.post("/api/v1/campaigns", plan);
      assertEquals(201, r.statusCode(), r.body());
      created.add(r);
    });
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.get(0).body()).path("id").asText();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> api.post("/api/v1/campaigns/" + id + "/estimate", "{}").body(), b -> b.contains("\"audience\":300"));
    HttpResponse<String> scheduled = api.post("/api/v1/campaigns/" + id + "/schedule", "{}");
    assertEquals(200, scheduled.statusCode(), scheduled.body());

    int runner = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      for (int i = 0; i < NODES; i++) if (nodes[i].output().contains("campaign " + id + " started")) return i;
      return -1;
    }, i -> i >= 0);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> queued(id) >= 40);
    inRotation[runner] = false;
    long killedAt = System.nanoTime();
    nodes[runner].process.destroyForcibly(); // SIGKILL
    assertTrue(nodes[runner].process.waitFor(30, TimeUnit.SECONDS));
    long queuedAtKill = queued(id);
    assertTrue(queuedAtKill < subscribers.size(), "the campaign had finished handing out before the kill");

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> TestDatabase.query(db, "SELECT state FROM broadcast_campaign WHERE id = ?",
            rs -> rs.next() ? rs.getString(1) : "", Long.parseLong(id)), "finished"::equals);
    long finishedAfter = ms(System.nanoTime() - killedAt);
    assertEquals(Map.of("queued", (long) subscribers.size()), TestDatabase.query(db,
        "SELECT state, count(*) FROM broadcast_campaign_recipient WHERE campaign_id = ? GROUP BY state", rs -> {
          Map<String, Long> states = new java.util.TreeMap<>();
          while (rs.next()) states.put(rs.getString(1), rs.getLong(2));
          return states;
        }, Long.parseLong(id)), "every recipient handed to their entity, nobody skipped or refused");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      OutboxRows rows = outboxRows(subscribers, "lane = 2");
      assertEquals(subscribers.size(), rows.recipients(), "every subscriber has the campaign's message");
      assertEquals(subscribers.size(), rows.all(), "one message each");
      assertEquals(subscribers.size(), rows.accepted(), "every message accepted by Meta");
    });
    // Every send names its outbox row in biz_opaque_callback_data, which Meta echoes in its statuses: a send
    // Meta accepted before the kill, whose outcome died with the node, is recorded accepted by its status (no
    // attempt counted), and the node taking over waits the doubt window for that status instead of sending again.
    long resolvedByStatus = outboxRows(subscribers, "lane = 2 AND attempts = 0").accepted();
    List<String> twice = sentTwice(subscribers, DELHI, java.time.Instant.EPOCH);
    System.out.println("ClusterFaultTest: campaign of " + subscribers.size() + " at " + CAMPAIGN_RATE + "/s: the runner's node " + runner
        + " killed after " + queuedAtKill + " were handed out; the campaign finished " + finishedAfter + " ms after the kill; "
        + resolvedByStatus + " recorded accepted by their status webhook; " + twice.size() + " sent twice");
    assertEquals(List.of(), twice, "campaign messages Meta got twice");
  }

  private long queued(String campaignId) throws Exception {
    return TestDatabase.query(db, "SELECT count(*) FROM broadcast_campaign_recipient WHERE campaign_id = ? AND state = 'queued'",
        rs -> rs.next() ? rs.getLong(1) : 0L, Long.parseLong(campaignId));
  }

  /** The officials' API of one node as the bootstrap administrator. */
  private static final class Officials {
    private final ChaupalProcess node;
    private final String token;

    Officials(ChaupalProcess node) throws Exception {
      this.node = node;
      HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/api/v1/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode(), login.body());
      this.token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).path("token").asText();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path)).timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /**
   * Starts node {@code i} and waits until it is ready. A port found free before the first node started
   * can be taken by then (an ephemeral port of another node's connections): such a start is tried again
   * on fresh ports, which only the starting node needs to know (the others are in the cluster already).
   */
  private ChaupalProcess launchReady(int i, boolean forming) throws Exception {
    for (int attempt = 1; ; attempt++) {
      ChaupalProcess node = launch(i, forming);
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

  /**
   * With {@code forming}, the node's only seed is itself: it forms the cluster at once, instead of
   * asking the others first for seed-node-timeout (20 s) as a first seed node does; the others, and
   * every restart, get all three seeds as an operator configures them.
   */
  private ChaupalProcess launch(int i, boolean forming) throws IOException {
    String seeds = Arrays.stream(forming ? new int[] {remotePorts[i]} : remotePorts).mapToObj(p -> "akka://chaupal@127.0.0.1:" + p)
        .collect(Collectors.joining(","));
    return ChaupalProcess.start(dir, dir.resolve("data-" + i), "node" + i + "-" + (++starts), true, httpPorts[i], remotePorts[i],
        Map.ofEntries(Map.entry("DATABASE_URL", db.jdbcUrl()), Map.entry("DATABASE_USER", "postgres"), Map.entry("DATABASE_PASSWORD", ""),
            Map.entry("CHAUPAL_SEED_NODES", seeds), Map.entry("CHAUPAL_DB_POOL_SIZE", "6"), Map.entry("CHAUPAL_JOURNAL_POOL_SIZE", "8"),
            Map.entry("CHAUPAL_CONFIG_DIR", configDir.toString()), Map.entry("CHAUPAL_ADMIN_PASSWORD", ADMIN_PASSWORD),
            Map.entry("CHAUPAL_ADMIN_TENANT", "delhi"), Map.entry("CHAUPAL_JWT_SECRET", "cluster-fault-test-secret-of-at-least-32-chars"),
            Map.entry("WHATSAPP_API_URL", "http://127.0.0.1:" + metaPort + Node.SIMULATOR_VERSION_PATH),
            Map.entry("WHATSAPP_ACCESS_TOKEN", META_TOKEN), Map.entry("WHATSAPP_VERIFY_TOKEN", "cluster-fault-verify-token"),
            Map.entry("CHAUPAL_HTTP_INTERFACE", "127.0.0.1")));
  }

  /** project-config copied to {@code to}, with Delhi's channel sending {@link #CAMPAIGN_RATE} messages a second. */
  private static Path paced(Path to) throws IOException {
    Path from = Path.of("project-config");
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
    Path channels = to.resolve("channels.conf");
    String text = Files.readString(channels);
    String delhi = "name = \"Delhi government services\"";
    assertTrue(text.contains(delhi), "Delhi's channel in " + channels);
    Files.writeString(channels, text.replace(delhi, delhi + "\n    messages_per_second = " + CAMPAIGN_RATE));
    return to;
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

  /**
   * The sends to these citizens on {@code channel} that Meta (the shared simulator) accepted at or after
   * {@code since} but no outbox row records: each a message sent twice. The simulator keeps a citizen's last 200.
   */
  private List<String> sentTwice(List<String> citizens, String channel, java.time.Instant since) throws Exception {
    java.util.Set<String> recorded = new java.util.HashSet<>();
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT wamid FROM outbound_message "
             + "WHERE phone_number_id = ? AND recipient = ANY (?) AND wamid IS NOT NULL")) {
      ps.setString(1, channel);
      ps.setArray(2, c.createArrayOf("varchar", citizens.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) recorded.add(rs.getString(1));
      }
    }
    return citizens.stream().flatMap(citizen -> simulator.accepted(channel, citizen).stream())
        .filter(send -> !send.acceptedAt().isBefore(since) && !recorded.contains(send.wamid()))
        .map(send -> send.waId() + " " + send.wamid() + " at " + send.acceptedAt()).toList();
  }

  /** Every outbox row of these citizens accepted by the simulator; with {@code once}, each at its first attempt. */
  private void assertEveryReplySent(List<String> citizens, boolean once) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      OutboxRows rows = outboxRows(citizens, "true");
      assertEquals(rows.all(), rows.accepted(), "every reply accepted");
      assertEquals(citizens.size(), rows.recipients(), "every citizen answered");
      if (once) assertEquals(0, rows.retried(), "no reply sent twice");
    });
  }

  private record OutboxRows(long all, long accepted, long retried, long recipients) {}

  /** The counts of these citizens' outbox rows that also match {@code where}. */
  private OutboxRows outboxRows(List<String> citizens, String where) throws Exception {
    try (Connection c = db.dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE state = 'accepted'), "
             + "count(*) FILTER (WHERE attempts > 1), count(DISTINCT recipient) FROM outbound_message WHERE recipient = ANY (?) AND " + where)) {
      ps.setArray(1, c.createArrayOf("varchar", citizens.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new OutboxRows(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
      }
    }
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
    private final Duration pause;
    private final Duration deadline;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService threads;
    private final List<Future<?>> work = new ArrayList<>();

    /**
     * {@code citizens} fictional numbers {@code prefix}00, {@code prefix}01 ...: each load its own, so their replies
     * are told apart; each waits {@code pause} after an answer 200 before its next message.
     */
    Load(String name, String prefix, int citizens, Duration pause, Duration deadline) {
      this.name = name;
      this.pause = pause;
      this.deadline = deadline;
      this.citizens = IntStream.range(0, citizens).mapToObj(i -> prefix + String.format("%02d", i)).toList();
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
        Thread.sleep(pause.toMillis());
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



    /** The longest attempt that started between the two instants, however it ended. */
    Duration worstLatencyBetween(long fromNanos, long toNanos) {
      return Duration.ofNanos(attempts.stream().filter(a -> a.startNanos() >= fromNanos && a.startNanos() < toNanos)
          .mapToLong(a -> a.endNanos() - a.startNanos()).max().orElse(0));
    }

    /** How the attempts since {@code fromNanos} were answered, by node: e.g. {0={200=310, 503=2}}. */
    Map<Integer, Map<String, Long>> outcomes(long fromNanos) {
      return attempts.stream().filter(a -> a.startNanos() >= fromNanos).collect(Collectors.groupingBy(Attempt::node,
          java.util.TreeMap::new, Collectors.groupingBy(a -> a.outcome().startsWith("io") ? "io" : a.outcome(), java.util.TreeMap::new, Collectors.counting())));
    }

    /** The attempts since {@code fromNanos} not answered 200, by node and outcome. */
    Map<Integer, Map<String, Long>> failures(long fromNanos) {
      Map<Integer, Map<String, Long>> failed = new java.util.TreeMap<>();
      outcomes(fromNanos).forEach((node, answers) -> answers.forEach((outcome, count) -> {
        if (!outcome.equals("200")) failed.computeIfAbsent(node, n -> new java.util.TreeMap<>()).put(outcome, count);
      }));
      return failed;
    }

    void assertJournalHoldsEveryAcknowledgedMessageOnceInOrder() throws Exception {
      for (String citizen : citizens) {
        List<String> mine = List.copyOf(acknowledged.get(citizen));
        assertEquals(mine, journalled(citizen, mine), "citizen " + citizen + ": every acknowledged message once, in order");
      }
    }
  }

  /**
   * How long these citizens' replies waited from their citizen's event in the journal to Meta's acceptance:
   * the projection's part too (a stopped outbox worker writes no row, so a row's own age hid it). Read
   * afterwards, from each row's event (its message key is persistence id#sequence number#index).
   */
  private final class OutboxLag {
    private final String[] recipients;

    OutboxLag(List<String> citizens) {
      this.recipients = citizens.toArray(String[]::new);
    }

    /** The longest wait of a reply whose event was written between the two instants (epoch milliseconds). */
    Duration worstBetween(long fromMillis, long toMillis) throws Exception {
      try (Connection c = db.dataSource().getConnection();
           PreparedStatement ps = c.prepareStatement("SELECT COALESCE(max(EXTRACT(EPOCH FROM COALESCE(m.accepted_at, now())) * 1000 "
               + "- j.write_timestamp), 0) FROM outbound_message m JOIN event_journal j "
               + "ON j.persistence_id = split_part(m.message_key, '#', 1) AND j.sequence_number = split_part(m.message_key, '#', 2)::bigint "
               + "WHERE m.recipient = ANY (?) AND j.write_timestamp >= ? AND j.write_timestamp < ?")) {
        ps.setArray(1, c.createArrayOf("varchar", recipients));
        ps.setLong(2, fromMillis);
        ps.setLong(3, toMillis);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Duration.ofMillis(rs.getLong(1));
        }
      }
    }
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }
}
