package chaupal.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chaupal.simulator.phone.PhoneMessage;
import chaupal.simulator.phone.ReceivedSend;
import chaupal.simulator.webhooks.SignedWebhook;
import chaupal.testing.TestLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL goes away under a steady webhook load (about 40 a second), stopped and then frozen
 * (SIGSTOP): what was answered 200 is in the journal once and in order, what was answered 503
 * succeeds when sent again (as Meta does), the ingress answers 200 again within 5 s of the
 * database's return, replies flow within 2 s again within 10 s, and the log tells the outage in
 * two lines. The outage is 15 s, not the issue's 30 s, to keep each variant under a minute;
 * {@code -Doutage.seconds=30} runs the issue's.
 */
@ResourceLock(TestLog.LINES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageTest {

  static final int OUTAGE_SECONDS = Integer.getInteger("outage.seconds", 15);
  private static final String JHABUA = "100000000000003";
  private static final int CITIZENS = 16;
  private static final Duration PAUSE = Duration.ofMillis(400); // 16 citizens: about 40 webhooks a second

  @TempDir
  static Path dir;
  private int port;
  private EmbeddedPostgres pg;
  private Database db;
  private TestNode node;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger probes = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    port = TestNode.freePort();
    pg = postgres();
    String url = pg.getJdbcUrl("postgres", "postgres");
    db = Database.external(url, "postgres", "", 10);
    node = TestNode.start(db);
    // What the console shows: the configured appender's filters (logback-test.xml) apply to the captured lines too.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.getAppender("STDOUT").getCopyOfAttachedFiltersList().forEach(logged::addFilter);
    logged.start();
    root.addAppender(logged);
    assertEquals(200, sendOnce(citizen(0, 0)).status, "a calm webhook");
  }

  @AfterAll
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    if (node != null) node.close();
    if (db != null) db.close();
    if (pg != null) pg.close();
  }

  @Test
  @Order(1)
  void stopped() throws Exception {
    outage("stopped", 1, () -> pg.close(), () -> pg = postgres());
  }

  @Test
  @Order(2)
  void frozen() throws Exception {
    List<Long> pids = postgresPids();
    outage("frozen", 2, () -> signal("STOP", pids), () -> signal("CONT", pids));
  }

  interface Step {
    void run() throws Exception;
  }

  private void outage(String variant, int round, Step down, Step up) throws Exception {
    logged.list.clear();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Writer> citizens = new ArrayList<>();
    for (int i = 1; i <= CITIZENS; i++) citizens.add(new Writer(citizen(round, i)));
    ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    ExecutorService load = Executors.newFixedThreadPool(CITIZENS);
    for (Writer c : citizens) load.submit(() -> c.write(running, attempts));

    Thread.sleep(4_000);
    long downAt = System.nanoTime();
    down.run();
    boolean unready = awaitReady(false, Duration.ofSeconds(8));
    Thread.sleep(Math.max(0, OUTAGE_SECONDS * 1000L - ms(System.nanoTime() - downAt)));
    up.run();
    long backAt = System.nanoTime();

    // A fresh citizen each 500 ms after the return: when is it answered 200, when does its reply arrive?
    ExecutorService probing = Executors.newCachedThreadPool();
    List<Future<Probe>> probed = new ArrayList<>();
    while (System.nanoTime() - backAt < TimeUnit.SECONDS.toNanos(14)) {
      probed.add(probing.submit(() -> probe(backAt)));
      Thread.sleep(500);
    }
    List<Probe> probeResults = new ArrayList<>();
    for (Future<Probe> p : probed) probeResults.add(p.get(60, TimeUnit.SECONDS));
    probing.shutdown();
    running.set(false);
    load.shutdown();
    assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "the load's citizens finish");
    boolean readyAgain = awaitReady(true, Duration.ofSeconds(5));

    long firstOk = attempts.stream().filter(a -> a.status == 200 && a.startedAt >= backAt)
        .mapToLong(a -> a.answeredAt - backAt).min().orElse(Long.MAX_VALUE);
    List<Attempt> lateRefusals = attempts.stream()
        .filter(a -> a.status != 200 && a.startedAt > backAt + TimeUnit.SECONDS.toNanos(5)).toList();
    long refused = attempts.stream().filter(a -> a.status != 200).count();
    List<Probe> late = probeResults.stream().filter(p -> p.ackedAfterMs >= 8_000).toList();
    String figures = variant + ": " + OUTAGE_SECONDS + " s outage; " + attempts.size() + " webhook posts, " + refused
        + " answered other than 200; first 200 " + ms(firstOk) + " ms after the return; probes (acknowledged ms after the return / reply lag ms): "
        + probeResults;
    System.out.println("OUTAGE FIGURES " + figures);

    for (Writer c : citizens) {
      assertEquals(c.acknowledged, journalled(c.waId, c.acknowledged), variant + ": citizen " + c.waId
          + ": every message answered 200 (a 503 sent again until 200) in the journal once, in order");
    }
    assertTrue(firstOk <= TimeUnit.SECONDS.toNanos(5), "200 again within 5 s: " + figures);
    assertTrue(lateRefusals.isEmpty(), "no 503 for a webhook sent 5 s after the return: " + lateRefusals + "; " + figures);
    assertTrue(!late.isEmpty() && late.stream().allMatch(p -> p.lagMs >= 0 && p.lagMs < 2_000),
        "replies within 2 s of the webhook from 10 s after the return: " + figures);

    assertTrue(unready, variant + ": /ready answers 503 while the database is away");
    assertTrue(readyAgain, variant + ": /ready answers 200 again");
    List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    assertEquals(1, count(warnings, "database unreachable"), variant + ": one line when it starts: " + lines(warnings));
    assertEquals(1, count(warnings, "database back after"), variant + ": one line when it ends: " + lines(warnings));
    // The simulator plays Meta: its lines are not Chaupal's log.
    List<ILoggingEvent> others = warnings.stream().filter(e -> e.getLoggerName().startsWith("chaupal.")
        && !e.getLoggerName().startsWith("chaupal.simulator") && !e.getLoggerName().equals(DatabaseWatch.class.getName())).toList();
    assertTrue(others.isEmpty(), variant + ": no other warning of Chaupal's: " + others.size() + " " + lines(others));
    List<ILoggingEvent> traces = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null).toList();
    assertTrue(traces.isEmpty(), variant + ": no error or stack trace per entity: " + traces.size() + " " + lines(traces));
  }

  /** One citizen writing "hi" again and again, each sent again after a refusal until it is answered 200. */
  private final class Writer {
    final String waId;
    final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());

    Writer(String waId) {
      this.waId = waId;
    }

    void write(AtomicBoolean running, ConcurrentLinkedQueue<Attempt> attempts) {
      try {
        while (running.get()) {
          SignedWebhook webhook = node.simulator().citizenWebhook(JHABUA, waId, PhoneMessage.text("hi"));
          while (true) {
            Attempt a = post(webhook);
            attempts.add(a);
            if (a.status == 200) break;
            Thread.sleep(1_000); // Retry-After: 1
          }
          acknowledged.add(webhook.wamid());
          Thread.sleep(PAUSE.toMillis());
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  record Attempt(String wamid, long startedAt, long answeredAt, int status) {
    @Override
    public String toString() {
      return status + "@" + wamid;
    }
  }

  record Probe(long ackedAfterMs, long lagMs) {
    @Override
    public String toString() {
      return ackedAfterMs + "/" + lagMs;
    }
  }

  private Probe probe(long backAt) throws Exception {
    String waId = "9198000190" + String.format("%02d", probes.incrementAndGet());
    Attempt a = sendOnce(waId);
    if (a.status != 200) return new Probe(ms(a.answeredAt - backAt), -a.status);
    try {
      List<ReceivedSend> replies = node.simulator().awaitReceived(JHABUA, waId, 1, Duration.ofSeconds(30))
          .toCompletableFuture().get(40, TimeUnit.SECONDS);
      long ackedWall = System.currentTimeMillis() - ms(System.nanoTime() - a.answeredAt);
      return new Probe(ms(a.answeredAt - backAt), replies.get(0).acceptedAt().toEpochMilli() - ackedWall);
    } catch (Exception e) {
      return new Probe(ms(a.answeredAt - backAt), -1);
    }
  }

  private Attempt sendOnce(String waId) throws Exception {
    return post(node.simulator().citizenWebhook(JHABUA, waId, PhoneMessage.text("hi")));
  }

  private Attempt post(SignedWebhook webhook) throws Exception {
    long started = System.nanoTime();
    int status = node.simulator().post(webhook).toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new Attempt(webhook.wamid(), started, System.nanoTime(), status);
  }

  /** The citizen's wamids in the order of its journal's events (every event of a citizen writing text is a message). */
  private List<String> journalled(String waId, List<String> wamids) {
    return TestDatabase.query(db, "SELECT event_payload FROM event_journal WHERE persistence_id LIKE ? ORDER BY sequence_number", rs -> {
      List<String> found = new ArrayList<>();
      while (rs.next()) {
        byte[] payload = rs.getBytes(1);
        for (String w : wamids) {
          if (contains(payload, w.getBytes(StandardCharsets.UTF_8))) found.add(w);
        }
      }
      return found;
    }, "%" + waId);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  private boolean awaitReady(boolean ready, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    do {
      int status;
      status = http.send(HttpRequest.newBuilder(URI.create(node.url("/ready"))).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
      if ((status == 200) == ready) return true;
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return false;
  }

  /** The test's own PostgreSQL (the shared one serves other classes), started again on the same port and files. */
  private EmbeddedPostgres postgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("pg"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "off")
        .start();
  }

  /** The postmaster (first line of postmaster.pid) and its backends and helpers. */
  private List<Long> postgresPids() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).get(0).trim());
    List<Long> pids = new ArrayList<>(List.of(postmaster));
    ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  private static void signal(String signal, List<Long> pids) throws Exception {
    List<String> command = new ArrayList<>(Arrays.asList("kill", "-" + signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    // Not inheritIO: the fork's stdout is surefire's channel, and a line from kill there crashes the run.
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + signal);
  }

  private static String citizen(int round, int i) {
    return "91980001" + round + String.format("%03d", i); // fictional numbers
  }

  private static long count(List<ILoggingEvent> events, String text) {
    return events.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
  }

  private static String lines(List<ILoggingEvent> events) {
    return events.stream().limit(8).map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList().toString();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
