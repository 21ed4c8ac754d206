package chaupal.console;

import static chaupal.console.PageCalls.JAL_ADMIN;
import static chaupal.console.PageCalls.STATE_ADMIN;
import static chaupal.console.PageCalls.account;
import static chaupal.console.PageCalls.answer;
import static chaupal.console.PageCalls.get;
import static chaupal.console.PageCalls.html;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.HttpResponse;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Official.Role;
import chaupal.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit page over a seeded log. The test clock starts at 2025-06-15 20:36:40 IST: then state.admin
 * created an official, an hour later jal.admin was refused a re-scope, two hours later zrk.admin
 * disabled one, three hours later Delhi's administrator listed theirs (another tenant), and from four
 * hours later jal.admin viewed 55 cases, a second apart.
 */
class AuditPageTest {


  static Database db;
  static ExecutorService blocking;
  static List<WebEndpoint> endpoints;

  @BeforeAll
  static void seed() {
    db = TestDatabase.create("audit_page");
    blocking = Executors.newFixedThreadPool(2);
    TestClock clock = new TestClock();
    AuditLog audit = new AuditLog(db.dataSource(), blocking, clock);
    endpoints = new AuditPage(new Pages(WebTexts.load()), audit, ConsoleHarness.DIRECTORY).endpoints();
    Accounts accounts = new Accounts(db.dataSource(), blocking);
    Account delhi = new Account("del.admin", "x", "delhi", Role.STATE_ADMIN, STATE_ADMIN.scope(), null, false, 0, null,
        PageCalls.SOME_TIME, PageCalls.SOME_TIME, PageCalls.SOME_TIME);
    for (Account a : List.of(STATE_ADMIN, JAL_ADMIN, account("zrk.admin", Role.ULB_ADMIN, List.of("pb.zirakpur"), List.of()), delhi)) {
      accounts.insert(a).toCompletableFuture().join();
    }
    write(audit, "state.admin", "create-official", null, "pb.jalandhar", "ok", null);
    clock.advance(Duration.ofHours(1));
    write(audit, "jal.admin", "rescope-official", null, "pb.jalandhar", "forbidden", "<script>alert(1)</script> goes beyond");
    clock.advance(Duration.ofHours(1));
    write(audit, "zrk.admin", "disable-official", null, "pb.zirakpur", "ok", null);
    clock.advance(Duration.ofHours(1));
    write(audit, "del.admin", "list-officials", null, null, "ok", null);
    clock.advance(Duration.ofHours(1));
    for (int i = 1; i <= 55; i++) {
      write(audit, "jal.admin", "view-case", "JAL-26-%06d".formatted(i), "pb.jalandhar", "ok", null);
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @AfterAll
  static void close() {
    blocking.shutdown();
    db.close();
  }

  @Test
  void onlyAStateAdministratorReadsIt() {
    assertEquals(403, answer(endpoints, "GET", "/audit", get(JAL_ADMIN, "/console/audit")).status().intValue());
    assertEquals(403, answer(endpoints, "GET", "/audit",
        get(account("jal.water", Role.DEPARTMENT_OFFICER, List.of("pb.jalandhar"), List.of()), "/console/audit")).status().intValue());
  }

  @Test
  void newestFirstAPageAtATimeWithinTheTenant() {
    String first = page("/console/audit");
    List<String> cases = column(first, 4);
    assertEquals(50, cases.size());
    assertEquals("JAL-26-000055", cases.get(0), "newest first");
    assertTrue(first.contains("<a href=\"/console/audit?page=1\" rel=\"next\">Older records</a>"));
    assertFalse(first.contains("rel=\"prev\""));
    String second = page("/console/audit?page=1");
    assertEquals(List.of("view-case", "view-case", "view-case", "view-case", "view-case", "disable-official", "rescope-official",
        "create-official"), column(second, 3), "Delhi's record is not Punjab's");
    assertTrue(second.contains("<td>15 Jun 2025, 20:36 IST (+05:30)</td>"), "times in IST with the offset");
  }

  @Test
  void filters() {
    assertEquals(List.of("disable-official"), column(page("/console/audit?actor=zrk.admin"), 3));
    assertEquals(List.of("rescope-official"), column(page("/console/audit?outcome=forbidden"), 3));
    assertEquals(List.of("disable-official"), column(page("/console/audit?ulb=pb.zirakpur"), 3));
    assertEquals(List.of("create-official"), column(page("/console/audit?action=create-official"), 3));
    assertEquals(List.of("disable-official", "rescope-official"), column(page("/console/audit?from=2025-06-15T21:30&to=2025-06-15T22:36"), 3),
        "an IST range, its last minute included");
    assertEquals(List.of("rescope-official"), column(page("/console/audit?from=2025-06-15T21:30&to=2025-06-15T22:35"), 3));
    String filtered = page("/console/audit?actor=jal.admin&action=view-case");
    assertTrue(filtered.contains("<a href=\"/console/audit?actor=jal.admin&amp;action=view-case&amp;page=1\" rel=\"next\">"),
        "the pages keep the filters");
    assertTrue(filtered.contains("name=\"actor\" value=\"jal.admin\""), "and so does the form");
  }

  @Test
  void detailsAreEscapedAndABadTimeIsSaid() {
    String html = page("/console/audit?outcome=forbidden");
    assertFalse(html.contains("<script>alert"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; goes beyond"));
    HttpResponse bad = answer(endpoints, "GET", "/audit", get(STATE_ADMIN, "/console/audit?from=yesterday"));
    assertEquals(400, bad.status().intValue());
    assertTrue(html(bad).contains("is not a date and time"));
  }

  private static String page(String uri) {
    HttpResponse r = answer(endpoints, "GET", "/audit", get(STATE_ADMIN, uri));
    assertEquals(200, r.status().intValue());
    return html(r);
  }

  /** The {@code index}-th cell (from 1) of every row of the table. */
  private static List<String> column(String html, int index) {
    List<String> cells = new ArrayList<>();
    Matcher rows = Pattern.compile("<tr>\\s*((?:<td>.*?</td>)+)\\s*</tr>", Pattern.DOTALL).matcher(html);
    while (rows.find()) {
      Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(rows.group(1));
      for (int i = 0; i < index && cell.find(); i++) {
        if (i == index - 1) cells.add(cell.group(1));
      }
    }
    return cells;
  }

  private static void write(AuditLog audit, String actor, String action, String caseNumber, String ulb, String outcome, String detail) {
    audit.write(new AuditLog.Entry(actor, action, caseNumber, ulb, outcome, detail)).toCompletableFuture().join();
  }
}
