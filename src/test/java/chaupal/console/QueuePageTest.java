package chaupal.console;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.Location;
import akka.stream.Materializer;
import akka.stream.javadsl.Sink;
import akka.util.ByteString;
import chaupal.cases.CaseBook;
import chaupal.cases.CaseDesk;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Directory;
import chaupal.tenancy.Official;
import chaupal.tenancy.Official.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue over real read tables: what each official sees, how filters, sorting and pages narrow it, and the live stream. */
class QueuePageTest {

  static final Directory DIRECTORY = Directory.load(Path.of("project-config"));
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final String SCRIPT = "<script>alert(1)</script> and <img src=x onerror=alert(1)>";

  static Database db;
  static ExecutorService blocking;
  static ActorTestKit testKit;
  static QueueCases cases;
  static QueuePage queue;

  static final Account STATE = account("state-admin", Role.STATE_ADMIN, List.of(), List.of());
  static final Account JALANDHAR = account("jalandhar-admin", Role.ULB_ADMIN, List.of("pb.jalandhar"), List.of());
  static final Account PHAGWARA_LIGHTS = account("phagwara-street-lights", Role.DEPARTMENT_OFFICER, List.of("pb.phagwara"),
      List.of("street-lights"));

  @BeforeAll
  static void seed() {
    db = TestDatabase.create("queue_page");
    blocking = Executors.newFixedThreadPool(2);
    testKit = ActorTestKit.create();
    cases = new QueueCases(db.dataSource());
    CaseBook book = new CaseBook(db.dataSource(), blocking, DIRECTORY::officials, null, null, Clock.systemUTC());
    queue = new QueuePage(book, DIRECTORY, new Pages(WebTexts.load()), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(15));
    cases.insert(
        // due in 2 days, filed 3 hours ago
        kase("JAL-26-000001", "pb.jalandhar", "sanitation", "garbage", "registered", null, 0, 4, SCRIPT, hours(-3), hours(45)),
        // overdue by 5 hours and escalated once
        kase("JAL-26-000002", "pb.jalandhar", "street-lights", "street-lights", "assigned", "jalandhar-street-lights", 1, 7,
            "light out near the gurdwara", hours(-80), hours(-5)),
        // resolved, filed 10 days ago
        kase("JAL-26-000003", "pb.jalandhar", "water-sewerage", "water-sewerage", "resolved", "jalandhar-water-sewerage", 0, 4,
            "no water", hours(-240), hours(-168)),
        kase("PHG-26-000001", "pb.phagwara", "street-lights", "street-lights", "registered", null, 0, 2, "pole fell", hours(-1),
            hours(71)),
        kase("PHG-26-000002", "pb.phagwara", "sanitation", "garbage", "in-progress", "phagwara-sanitation", 0, 2, "bins full",
            hours(-2), hours(10)));
  }

  @AfterAll
  static void close() {
    testKit.shutdownTestKit();
    blocking.shutdown();
    db.close();
  }

  @Test
  void anOfficialOfOneUlbNeverSeesAnothersCases() {
    String jalandhar = html(JALANDHAR, "/console/");
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003"), sorted(numbers(jalandhar)));
    assertFalse(jalandhar.contains("PHG-26"), "not even in a link");
    assertFalse(html(JALANDHAR, "/console/?ulb=pb.phagwara").contains("PHG-26"), "a filter never widens the scope");
    assertEquals(List.of("PHG-26-000001"), numbers(html(PHAGWARA_LIGHTS, "/console/cases")));
    assertEquals(5, numbers(html(STATE, "/console/")).size(), "the state administrator sees every ULB");
    assertTrue(jalandhar.contains("<option value=\"pb.jalandhar\""));
    assertFalse(jalandhar.contains("<option value=\"pb.phagwara\""), "the ULB choices are the official's own");
    assertFalse(jalandhar.contains("value=\"phagwara-sanitation\""), "nor are another ULB's officials offered as assignees");
  }

  @Test
  void filtersNarrowTheQueue() {
    assertEquals(List.of("JAL-26-000001", "PHG-26-000001"), sorted(numbers(html(STATE, "/console/?status=registered"))));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "PHG-26-000001", "PHG-26-000002"), sorted(numbers(html(STATE, "/console/?status=open"))));
    assertEquals(List.of("JAL-26-000001", "PHG-26-000002"), sorted(numbers(html(STATE, "/console/?category=garbage"))));
    assertEquals(List.of("PHG-26-000001", "PHG-26-000002"), sorted(numbers(html(STATE, "/console/?ulb=pb.phagwara"))));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000003"), sorted(numbers(html(STATE, "/console/?ward=4"))));
    assertEquals(List.of("JAL-26-000002"), numbers(html(STATE, "/console/?department=street-lights&ulb=pb.jalandhar")));
    assertEquals(List.of("PHG-26-000002"), numbers(html(STATE, "/console/?assignee=phagwara-sanitation")));
    assertEquals(List.of("JAL-26-000002"), numbers(html(STATE, "/console/?overdue=true")));
    assertEquals(List.of("JAL-26-000002"), numbers(html(STATE, "/console/?escalated=true")));
    assertEquals(List.of("JAL-26-000002", "JAL-26-000003"), sorted(numbers(html(STATE, "/console/?age=2"))), "filed more than 2 days ago");
    assertEquals(List.of("JAL-26-000002"), numbers(html(STATE, "/console/?q=gurdwara")));
    assertEquals(List.of("PHG-26-000001"), numbers(html(STATE, "/console/?q=phg-26-000001")));
    assertEquals(5, numbers(html(STATE, "/console/?ward=many&age=-3&status=lost")).size(), "values that mean nothing filter nothing");
    String form = html(STATE, "/console/?status=open&overdue=true&q=light");
    assertTrue(form.contains("<option value=\"open\" selected>"), "the form shows the filters in use");
    assertTrue(form.contains("id=\"f-overdue\" name=\"overdue\" type=\"checkbox\" value=\"true\" checked"));
    assertTrue(form.contains("<label for=\"f-ward\">"), "every control has a label");
  }

  @Test
  void sortsByTimeLeftSoonestFirstByDefault() {
    List<String> soonest = List.of("JAL-26-000003", "JAL-26-000002", "PHG-26-000002", "JAL-26-000001", "PHG-26-000001");
    assertEquals(soonest, numbers(html(STATE, "/console/")));
    assertEquals(List.of("PHG-26-000001", "JAL-26-000001", "PHG-26-000002", "JAL-26-000002", "JAL-26-000003"), numbers(html(STATE, "/console/?sort=-due")));
    assertEquals(List.of("PHG-26-000001", "PHG-26-000002", "JAL-26-000001", "JAL-26-000002", "JAL-26-000003"),
        numbers(html(STATE, "/console/?sort=-filed")));
  }

  @Test
  void overdueAndEscalatedCasesStandOutByClassAndWord() {
    String page = html(JALANDHAR, "/console/");
    assertTrue(page.contains("<tr class=\"case overdue escalated\" data-number=\"JAL-26-000002\""), page);
    assertTrue(page.contains("OVERDUE</strong>"));
    assertTrue(page.contains("ESCALATED (level 1)</strong>"));
    assertTrue(page.contains("overdue by 5 h"), "how late, in words");
    assertTrue(page.contains("1 d 21 h left") || page.contains("1 d 20 h left"), "how long is left");
    assertTrue(page.contains("IST (+05:30)"), "times in IST with the offset");
    assertTrue(page.contains("<a href=\"/console/cases/JAL-26-000001\">JAL-26-000001</a>"));
    assertTrue(html(JALANDHAR, "/console/", "hi").contains("समय-सीमा पार"), "in Hindi too");
  }

  @Test
  void aCitizensMarkupShowsAsText() {
    String page = html(JALANDHAR, "/console/");
    assertAll(() -> assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src&#61;x onerror&#61;alert(1)&gt;"), page),
        () -> assertFalse(page.contains("<script>alert"), "no script from a citizen"),
        () -> assertFalse(page.contains("<img src=x"), "no element from a citizen"));
  }

  @Test
  void pagesOfFiftyWithTheCountAndLinksThatKeepTheFilters() {
    Database many = TestDatabase.create("queue_pages");
    try {
      new QueueCases(many.dataSource()).seed(120, NOW);
      QueuePage paged = new QueuePage(new CaseBook(many.dataSource(), blocking, DIRECTORY::officials, null, null, Clock.systemUTC()),
          DIRECTORY, new Pages(WebTexts.load()), Clock.systemUTC());
      String first = html(paged, STATE, "/console/?sort=filed", "en");
      assertEquals(50, numbers(first).size());
      assertTrue(first.contains("120 cases"), "the count of all results");
      assertTrue(first.contains("Page 1 of 3"));
      assertTrue(first.contains("href=\"/console/?sort&#61;filed&amp;page&#61;2\" rel=\"next\""), first);
      assertFalse(first.contains("rel=\"prev\""));
      String last = html(paged, STATE, "/console/?sort=filed&page=3", "en");
      assertEquals(20, numbers(last).size());
      assertTrue(last.contains("href=\"/console/?sort&#61;filed&amp;page&#61;2\" rel=\"prev\""));
      assertFalse(last.contains("rel=\"next\""));
      assertTrue(html(paged, STATE, "/console/?ulb=pb.jalandhar", "en").contains("24 cases"));
      assertTrue(html(paged, STATE, "/console/?page=9", "en").contains("Page 9 of 3"), "past the end: an empty page, not an error");
    } finally {
      many.close();
    }
  }

  @Test
  void theLiveStreamSendsAChangeMadeAfterConnectWithinScopeOnly() throws Exception {
    Database own = TestDatabase.create("queue_live");
    try {
      liveStream(own);
    } finally {
      own.close();
    }
  }

  private void liveStream(Database own) throws Exception {
    QueueCases cases = new QueueCases(own.dataSource());
    cases.insert(kase("JAL-26-000001", "pb.jalandhar", "sanitation", "garbage", "registered", null, 0, 4, "before", hours(-3), hours(45)));
    QueuePage queue = new QueuePage(new CaseBook(own.dataSource(), blocking, DIRECTORY::officials, null, null, Clock.systemUTC()),
        DIRECTORY, new Pages(WebTexts.load()), Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(15));
    WebCall call = call(JALANDHAR, "/console/live?status=open&since=" + Instant.now().toEpochMilli(), "en");
    HttpResponse response = queue.live(call).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals("text/event-stream", response.entity().getContentType().mediaType().toString());
    CompletableFuture<String> received = response.entity().getDataBytes().map(ByteString::utf8String)
        .scan("", String::concat).filter(all -> all.contains("JAL-26-000010"))
        .runWith(Sink.head(), Materializer.matFromSystem(testKit.system())).toCompletableFuture();
    Thread.sleep(500);
    Instant now = Instant.now();
    cases.insert(
        kase("PHG-26-000010", "pb.phagwara", "sanitation", "garbage", "registered", null, 0, 2, "another ULB", now, now.plusSeconds(3600)),
        kase("JAL-26-000011", "pb.jalandhar", "sanitation", "garbage", "resolved", null, 0, 2, "not open", now, now.plusSeconds(3600)),
        kase("JAL-26-000010", "pb.jalandhar", "sanitation", "garbage", "registered", null, 0, 2, "new <b>case</b>", now.plusMillis(1),
            now.plusSeconds(7200)));
    String events = received.get(10, TimeUnit.SECONDS);
    assertTrue(events.contains("event:case\n"), events);
    assertTrue(events.contains("\"number\":\"JAL-26-000010\""), events);
    assertTrue(events.contains("\"description\":\"new <b>case</b>\""), "plain text in JSON, for textContent: " + events);
    assertFalse(events.contains("PHG-26-000010"), "another ULB's case never reaches this official");
    assertFalse(events.contains("JAL-26-000011"), "the filters hold for what is sent");
    assertFalse(events.contains("JAL-26-000001\""), "a change older than the look-back before the page was rendered is on the page already");
  }

  @Test
  void aChangeIsSentOnceEvenWhenSeenAgainInTheLookBack() {
    QueuePage.Changes changes = new QueuePage.Changes(NOW);
    CaseDesk.View first = view("JAL-26-000001", NOW.plusSeconds(1));
    assertEquals(1, changes.fresh(List.of(first)).size());
    assertEquals(0, changes.fresh(List.of(first)).size(), "the same change again");
    assertEquals(1, changes.fresh(List.of(view("JAL-26-000001", NOW.plusSeconds(2)))).size(), "a later change of it");
    assertEquals(1, changes.fresh(List.of(view("JAL-26-000002", NOW.minusSeconds(5)))).size(),
        "committed late, but within the look-back");
    assertTrue(changes.floor().isBefore(NOW.minusSeconds(5)));
  }

  // ---- fixtures ----

  private static CaseDesk.View view(String number, Instant updated) {
    return new CaseDesk.View(number, "punjab", "pb.jalandhar", "sanitation", "garbage", null, "complaint",
        chaupal.cases.CaseStatus.REGISTERED, null, 0, updated.toString(), updated.toString(), updated.atOffset(java.time.ZoneOffset.UTC).toString(),
        false, null, null, null, null, null, null);
  }

  private static Instant hours(int h) {
    return NOW.plus(Duration.ofHours(h));
  }

  private static QueueCases.Case kase(String number, String ulb, String department, String category, String status, String assignee,
      int level, Integer ward, String description, Instant filed, Instant due) {
    return new QueueCases.Case(number, ulb, department, category, status, assignee, level, ward, description, filed, due, filed);
  }

  static Account account(String id, Role role, List<String> ulbs, List<String> departments) {
    return new Account(id, "not-a-hash", "punjab", role, new Official.Scope(ulbs, departments, List.of()), id, false, 0, null,
        NOW, NOW, NOW);
  }

  static WebCall call(Account account, String uri, String lang) {
    return call(account, uri, lang, Materializer.matFromSystem(testKit.system()));
  }

  /** A GET of a signed-in official, as the web shell hands it to a page. */
  static WebCall call(Account account, String uri, String lang, Materializer materializer) {
    WebSession session = new WebSession("session-1", account, "csrf-1", lang, Instant.now().plus(Duration.ofMinutes(30)));
    return new WebCall(List.of(), HttpRequest.GET(uri), session, Form.EMPTY, lang, materializer);
  }

  private static String html(Account account, String uri) {
    return html(queue, account, uri, "en");
  }

  private static String html(Account account, String uri, String lang) {
    return html(queue, account, uri, lang);
  }

  static String html(QueuePage page, Account account, String uri, String lang) {
    try {
      HttpResponse r = page.queue(call(account, uri, lang)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(200, r.status().intValue(), () -> uri + " answered " + r.status() + " " + r.getHeader(Location.class));
      return r.entity().toStrict(5000, Materializer.matFromSystem(testKit.system())).toCompletableFuture().get().getData().utf8String();
    } catch (Exception e) {
      throw new AssertionError(uri, e);
    }
  }

  /** The case numbers of the queue's rows, in order. */
  static List<String> numbers(String html) {
    Matcher m = Pattern.compile("<tr class=\"case[^\"]*\" data-number=\"([^\"]+)\"").matcher(html);
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) found.add(m.group(1));
    return found;
  }

  private static List<String> sorted(List<String> numbers) {
    return numbers.stream().sorted().toList();
  }
}
