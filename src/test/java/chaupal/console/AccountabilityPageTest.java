package chaupal.console;

import static chaupal.console.PageCalls.JAL_ADMIN;
import static chaupal.console.PageCalls.STATE_ADMIN;
import static chaupal.console.PageCalls.answer;
import static chaupal.console.PageCalls.body;
import static chaupal.console.PageCalls.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.HttpResponse;
import chaupal.cases.CaseFigures;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * The accountability page over seeded cases: Jalandhar 3 open (2 overdue), Zirakpur 1 open (1
 * overdue), Phagwara 2 open (none overdue), every other of Punjab's 170 ULBs none.
 */
class AccountabilityPageTest {

  static final TestClock CLOCK = new TestClock();
  static final Instant T0 = CLOCK.instant();

  static Database db;
  static ExecutorService blocking;
  static List<WebEndpoint> endpoints;

  @BeforeAll
  static void seed() throws SQLException {
    db = TestDatabase.create("accountability_page");
    blocking = Executors.newFixedThreadPool(2);
    endpoints = new AccountabilityPage(new Pages(WebTexts.load()), new CaseFigures(db.dataSource(), blocking, CLOCK),
        ConsoleHarness.DIRECTORY).endpoints();
    insert("JAL-26-000001", "pb.jalandhar", "water-sewerage", "jal.water", -2);
    insert("JAL-26-000002", "pb.jalandhar", "water-sewerage", "<script>alert(1)</script>", -1);
    insert("JAL-26-000003", "pb.jalandhar", "sanitation", "=HYPERLINK(\"http://example.invalid\")", 5);
    insert("ZRK-26-000001", "pb.zirakpur", "sanitation", "zrk, \"the\" officer", -3);
    insert("PHG-26-000001", "pb.phagwara", "sanitation", null, 10);
    insert("PHG-26-000002", "pb.phagwara", "sanitation", null, 20);
  }

  @AfterAll
  static void close() {
    blocking.shutdown();
    db.close();
  }

  @Test
  void aStateAdministratorSeesEveryUlbWorstFirst() {
    String html = page(STATE_ADMIN, "/console/accountability");
    List<String> names = rowNames(html);
    assertEquals(170, names.size(), "every ULB of Punjab, quiet ones with zeros");
    assertEquals(List.of("Jalandhar", "Zirakpur"), names.subList(0, 2), "most overdue first by default: 2, then 1");
    assertEquals(List.of("Jalandhar", "Phagwara", "Zirakpur"), rowNames(page(STATE_ADMIN, "/console/accountability?sort=open&order=desc")).subList(0, 3),
        "3 open, then 2, then 1");
    List<String> ascending = rowNames(page(STATE_ADMIN, "/console/accountability?sort=open&order=asc"));
    assertEquals(List.of("Zirakpur", "Phagwara", "Jalandhar"), ascending.subList(167, 170), "ascending: the busiest last");
    List<String> byName = rowNames(page(STATE_ADMIN, "/console/accountability?sort=name&order=asc"));
    assertEquals("Abohar", byName.get(0));
  }

  @Test
  void headingsSortAndTurnRound() {
    String html = page(STATE_ADMIN, "/console/accountability?by=ulb&sort=open&order=desc");
    assertTrue(html.contains("<th scope=\"col\" aria-sort=\"descending\"><a href=\"/console/accountability?by=ulb&amp;sort=open&amp;order=asc\">"),
        "the sorted column says so and its link reverses it");
    assertTrue(html.contains("<a href=\"/console/accountability?by=ulb&amp;sort=overdue&amp;order=desc\">Overdue</a>"),
        "another column sorts worst first");
  }

  @Test
  void eachFigureLinksToTheCasesBehindIt() {
    String html = page(STATE_ADMIN, "/console/accountability");
    assertTrue(html.contains("<a href=\"/console/?ulb=pb.jalandhar&amp;overdue=true\">2</a>"), "overdue");
    assertTrue(html.contains("<a href=\"/console/?ulb=pb.jalandhar&amp;status=open\">3</a>"), "open");
    assertTrue(html.contains("<a href=\"/console/?ulb=pb.jalandhar&amp;escalated=true\">0</a>"), "escalated");
    String departments = page(STATE_ADMIN, "/console/accountability?by=department");
    assertTrue(departments.contains("<a href=\"/console/?department=sanitation&amp;overdue=true\">1</a>"), departments);
    String officers = page(STATE_ADMIN, "/console/accountability?by=officer");
    assertTrue(officers.contains("<a href=\"/console/?assignee=jal.water&amp;status=open\">1</a>"));
    assertTrue(officers.contains("<th scope=\"row\">(not assigned)</th>"), "no queue filter names the unassigned: no link");
  }

  @Test
  void namesAreEscaped() {
    String officers = page(STATE_ADMIN, "/console/accountability?by=officer");
    assertFalse(officers.contains("<script>alert"), "an assignee's name is shown as text");
    assertTrue(officers.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(officers.contains("?assignee=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;status=open"), "and encoded in links");
  }

  @Test
  void aUlbAdministratorSeesOnlyTheirUlb() {
    assertEquals(List.of("Jalandhar"), rowNames(page(JAL_ADMIN, "/console/accountability")));
    assertFalse(body(answer(endpoints, "GET", "/accountability.csv", get(JAL_ADMIN, "/console/accountability.csv?by=officer")))
        .contains("zrk"));
  }

  @Test
  void theCsvIsQuotedAndGuardedAgainstFormulas() {
    HttpResponse r = answer(endpoints, "GET", "/accountability.csv", get(STATE_ADMIN, "/console/accountability.csv?by=officer&sort=name&order=asc"));
    assertEquals("text/csv; charset=UTF-8", r.entity().getContentType().toString());
    assertTrue(r.getHeader("Content-Disposition").orElseThrow().value().contains("accountability-officer.csv"));
    String csv = body(r);
    List<String> lines = List.of(csv.split("\r\n"));
    assertEquals("Code,Name,Cases,Open,Overdue,Escalated,\"Resolved within deadline\",\"Median resolution time\","
        + "\"90th percentile resolution time\",\"Reopen rate\",\"Average rating (of 5)\"", lines.get(0));
    assertTrue(lines.contains("\"zrk, \"\"the\"\" officer\",\"zrk, \"\"the\"\" officer\",1,1,1,0,,,,,"), csv);
    assertTrue(lines.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\")\",\"'=HYPERLINK(\"\"http://example.invalid\"\")\",1,1,0,0,,,,,"),
        "a cell a spreadsheet would run starts with an apostrophe: " + csv);
    assertTrue(csv.endsWith("\r\n"));
  }

  @Test
  void theChartsGetTheSameNumbersAsJson() {
    String json = body(answer(endpoints, "GET", "/accountability.json", get(STATE_ADMIN, "/console/accountability.json?sort=overdue")));
    assertTrue(json.startsWith("{\"names\":[\"Jalandhar\",\"Zirakpur\","), json.substring(0, 80));
    assertTrue(json.contains("\"overdue\":[2,1,0,"), "in the table's order");
    String html = page(STATE_ADMIN, "/console/accountability");
    assertTrue(html.matches("(?s).*<script src=\"/console/static/accountability\\.js(\\?v=[0-9a-f]+)?\" defer></script>.*"), "the chart script from its file");
    assertFalse(Pattern.compile("<script>|<script [^s]|style=| on[a-z]+=").matcher(html).find(), "no inline script or style");
  }

  private static String page(Account who, String uri) {
    HttpResponse r = answer(endpoints, "GET", "/accountability", get(who, uri));
    assertEquals(200, r.status().intValue());
    return PageCalls.html(r);
  }

  private static List<String> rowNames(String html) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("<th scope=\"row\">(?:<a href=\"[^\"]*\">)?([^<]*)").matcher(html);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static void insert(String number, String ulb, String department, String assignee, int dueInHours) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO grievance_case (number, tenant, ulb, department, category, kind, status, assignee, citizen_id, channel_id, language,"
            + " filed_at, due_at, updated_at, last_sequence) VALUES (?, 'punjab', ?, ?, 'complaint', 'complaint', ?, ?, '919800010001',"
            + " '100000000000001', 'hi', ?, ?, ?, 1)")) {
      ps.setString(1, number);
      ps.setString(2, ulb);
      ps.setString(3, department);
      ps.setString(4, assignee == null ? "registered" : "assigned");
      ps.setString(5, assignee);
      ps.setObject(6, T0.minus(Duration.ofHours(30)).atOffset(ZoneOffset.UTC));
      ps.setObject(7, T0.plus(Duration.ofHours(dueInHours)).atOffset(ZoneOffset.UTC));
      ps.setObject(8, T0.atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
