package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.model.HttpResponse;
import akka.stream.Materializer;
import chaupal.cases.CaseBook;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The queue benchmark, not a timed test (its name keeps it out of the test command): 10,000 cases in
 * the read table, then the queue page rendered for a state administrator and a ULB officer with and
 * without filters, each 200 times after 50 to warm up; prints p50, p95, max and the page's bytes.
 * Run: {@code mvn -B test -Dtest=QueueBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class QueueBenchmark {

  static final int CASES = Integer.getInteger("queue.cases", 10_000);
  static final int WARM_UP = 50;
  static final int RUNS = 200;

  @Test
  void queueOfTenThousandCases() throws Exception {
    Directory directory = Directory.load(Path.of("project-config"));
    Database db = TestDatabase.create("queue_benchmark");
    ExecutorService blocking = Executors.newFixedThreadPool(4);
    ActorTestKit testKit = ActorTestKit.create();
    try {
      Instant now = Instant.now();
      new QueueCases(db.dataSource()).seed(CASES, now);
      try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
        s.execute("ANALYZE grievance_case");
      }
      QueuePage queue = new QueuePage(new CaseBook(db.dataSource(), blocking, directory::officials, null, null, Clock.systemUTC()),
          directory, new Pages(WebTexts.load()), Clock.systemUTC());
      Materializer materializer = Materializer.matFromSystem(testKit.system());
      Account state = QueuePageTest.account("state-admin", Role.STATE_ADMIN, List.of(), List.of());
      Account officer = QueuePageTest.account("jalandhar-street-lights", Role.DEPARTMENT_OFFICER, List.of("pb.jalandhar"), List.of("street-lights"));
      Map<String, String[]> cases = new LinkedHashMap<>();
      cases.put("state admin, no filter", new String[] {"state", "/console/"});
      cases.put("state admin, open + overdue, by due", new String[] {"state", "/console/?status=open&overdue=true&sort=due"});
      cases.put("state admin, ULB + category + text, page 3", new String[] {"state",
          "/console/?ulb=pb.amritsar&category=garbage&q=street&page=3"});
      cases.put("state admin, last page", new String[] {"state", "/console/?page=200"});
      cases.put("ULB officer, no filter", new String[] {"officer", "/console/"});
      cases.put("ULB officer, open, by -filed", new String[] {"officer", "/console/?status=open&sort=-filed"});
      System.out.printf("%nQueue benchmark: %,d cases, %d runs each after %d to warm up (%s, %d cores)%n", CASES, RUNS, WARM_UP,
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      System.out.println("| request | p50 ms | p95 ms | max ms | HTML bytes | gzipped |");
      System.out.println("|---|---|---|---|---|---|");
      for (Map.Entry<String, String[]> e : cases.entrySet()) {
        Account who = e.getValue()[0].equals("state") ? state : officer;
        String uri = e.getValue()[1];
        long[] nanos = new long[RUNS];
        byte[] html = new byte[0];
        for (int i = -WARM_UP; i < RUNS; i++) {
          long start = System.nanoTime();
          HttpResponse r = queue.queue(QueuePageTest.call(who, uri, "en", materializer)).toCompletableFuture().get(10, TimeUnit.SECONDS);
          html = r.entity().toStrict(5000, materializer).toCompletableFuture().get().getData().toArray();
          if (i >= 0) nanos[i] = System.nanoTime() - start;
          assertEquals(200, r.status().intValue());
        }
        Arrays.sort(nanos);
        System.out.printf("| %s `%s` | %.1f | %.1f | %.1f | %,d | %,d |%n", e.getKey(), uri, nanos[RUNS / 2] / 1e6,
            nanos[RUNS * 95 / 100] / 1e6, nanos[RUNS - 1] / 1e6, html.length, gzipped(html));
      }
    } finally {
      testKit.shutdownTestKit();
      blocking.shutdown();
      db.close();
    }
  }

  /** What the page weighs on the wire when the server compresses it. */
  private static int gzipped(byte[] bytes) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.size();
  }
}
