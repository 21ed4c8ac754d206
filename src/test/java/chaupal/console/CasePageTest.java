package chaupal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import chaupal.cases.CaseDesk;
import chaupal.cases.CaseDesk.Act;
import chaupal.cases.CaseDesk.Refused.Reason;
import chaupal.cases.CaseStatus;
import chaupal.media.MediaKind;
import chaupal.media.StoredMedia;
import chaupal.media.Uploads;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Official;
import chaupal.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The case page's handlers called directly, as the web shell calls them once the session and the CSRF token are checked. */
class CasePageTest {

  static final String JAL = "JAL-26-000007";
  static final String PHG = "PHG-26-000009";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "<img src=x onerror=alert(1)>";
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

  static Database db;
  static ExecutorService blocking;
  static Pages pages;

  final Desk desk = new Desk();
  final FakeUploads uploads = new FakeUploads();
  CasePage page;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("case_page");
    blocking = Executors.newFixedThreadPool(2);
    pages = new Pages(WebTexts.load());
  }

  @AfterAll
  static void stop() throws Exception {
    blocking.shutdown();
    blocking.awaitTermination(5, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() {
    page = new CasePage(pages, desk, ConsoleHarness.DIRECTORY, uploads, new AuditLog(db.dataSource(), blocking, new TestClock()));
  }

  // ---- accounts and calls ----

  static Account account(String username, Official.Role role, List<String> ulbs, List<String> departments, String officialId) {
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    return new Account(username, "hash", "punjab", role, new Official.Scope(ulbs, departments, List.of()), officialId, false, 0,
        null, t, t, t);
  }

  static final Account JALANDHAR_ADMIN = account("jal-admin", Official.Role.ULB_ADMIN, List.of("pb.jalandhar"), List.of(), "jalandhar-admin");
  static final Account OBSERVER = account("observer", Official.Role.OBSERVER, List.of(), List.of(), "state-observer");

  static WebCall call(Account account, HttpRequest request, Form form, String... params) {
    WebSession session = new WebSession("session-1", account, "csrf-token-1", "en", Instant.parse("2026-12-02T00:00:00Z"));
    return new WebCall(List.of(params), request, session, form, "en", null);
  }

  WebEndpoint endpoint(String method, String path) {
    return page.endpoints().stream().filter(e -> e.method().name().equals(method) && e.path().equals(path)).findFirst().orElseThrow();
  }

  HttpResponse get(Account account, String number) throws Exception {
    return get(account, number, "");
  }

  HttpResponse get(Account account, String number, String query) throws Exception {
    return endpoint("GET", "/cases/{number}").handler()
        .handle(call(account, HttpRequest.GET("/console/cases/" + number + query), Form.EMPTY, number))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HttpResponse attachment(Account account, String number, String id) throws Exception {
    return endpoint("GET", "/cases/{number}/attachments/{id}").handler()
        .handle(call(account, HttpRequest.GET("/console/cases/" + number + "/attachments/" + id), Form.EMPTY, number, id))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HttpResponse post(Account account, String number, String act, Map<String, String> fields, List<Form.Upload> files) throws Exception {
    Map<String, List<String>> all = new java.util.HashMap<>();
    all.put("csrf", List.of("csrf-token-1"));
    fields.forEach((k, v) -> all.put(k, List.of(v)));
    HttpRequest request = HttpRequest.create("/console/cases/" + number + "/" + act).withMethod(HttpMethods.POST);
    return endpoint("POST", "/cases/{number}/" + act).handler()
        .handle(call(account, request, new Form(all, files), number))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HttpResponse post(Account account, String number, String act, Map<String, String> fields) throws Exception {
    return post(account, number, act, fields, List.of());
  }

  static String body(HttpResponse r) {
    return ((HttpEntity.Strict) r.entity()).getData().utf8String();
  }

  static String header(HttpResponse r, String name) {
    return r.getHeader(name).map(h -> h.value()).orElse(null);
  }

  /** The HTML of one act's form. */
  static String form(String html, String act) {
    Matcher m = Pattern.compile("<form[^>]*id=\"act-" + act + "\".*?</form>", Pattern.DOTALL).matcher(html);
    return m.find() ? m.group() : null;
  }

  // ---- reading ----

  @Test
  void theCaseShowsItsFactsConversationAttachmentsPlaceAndHistory() throws Exception {
    HttpResponse r = get(JALANDHAR_ADMIN, JAL);
    assertEquals(200, r.status().intValue());
    String html = body(r);
    assertTrue(html.contains("In progress"), "status in words");
    assertTrue(html.contains("Garbage"), "category by its name");
    assertTrue(html.contains("Jalandhar"), "ULB by its name");
    assertTrue(html.contains("<dd>2</dd>"), "ward");
    assertTrue(html.contains("Example Officer, Jalandhar Sanitation"), "assignee by name");
    assertTrue(html.contains("01 Dec 2026, 10:00 IST (+05:30)"), "filed in IST with the offset");
    assertTrue(html.contains("02 Dec 2026, 10:00 IST (+05:30)"), "due in IST");
    assertTrue(html.contains("Overdue"), "overdue in words");
    assertTrue(html.contains("Escalated to level 1"), "escalation in words");

    // The transcript: citizen, bot, the official's comment, the citizen again, in time order.
    int citizen = html.indexOf("line-citizen\"><span class=\"who\">Citizen");
    int bot = html.indexOf("line-bot\"><span class=\"who\">Chaupal (automatic reply)");
    int note = html.indexOf("Example Officer, Jalandhar Sanitation · Comment");
    int later = html.indexOf("it is still there");
    assertTrue(citizen > 0 && bot > citizen && note > bot && later > note, html);
    assertFalse(html.contains("routed to the department&#39;s officer</p>"), "the system's notes stay in the history table");

    assertTrue(html.contains("<img src=\"/console/cases/" + JAL + "/attachments/att-photo\""), "a photo shows in the page");
    assertTrue(html.contains("<audio controls preload=\"none\" src=\"/console/cases/" + JAL + "/attachments/att-voice\""), "a voice note plays");
    assertTrue(html.contains("<a href=\"/console/cases/" + JAL + "/attachments/att-pdf\" download>Download:"), "a file downloads");

    assertTrue(html.contains("Example Street 1"), "address");
    assertTrue(html.contains("31.300000, 75.500000"), "coordinates");
    // Mustache escapes = and & in the attribute; the browser reads the link back as written here.
    assertTrue(html.replace("&#61;", "=").replace("&amp;", "&")
        .contains("href=\"https://www.openstreetmap.org/?mlat=31.300000&mlon=75.500000#map=18/31.300000/75.500000\""), "map link");

    String history = html.substring(html.indexOf("id=\"case-history\""));
    assertTrue(history.contains("<td>Citizen</td><td>Filed</td>"), history);
    assertTrue(history.contains("<td>Chaupal (automatic)</td><td>Assigned</td>"), history);
  }

  @Test
  void hindiShowsTheHindiTexts() throws Exception {
    WebSession session = new WebSession("s", JALANDHAR_ADMIN, "c", "hi", Instant.parse("2026-12-02T00:00:00Z"));
    HttpResponse r = endpoint("GET", "/cases/{number}").handler()
        .handle(new WebCall(List.of(JAL), HttpRequest.GET("/console/cases/" + JAL), session, Form.EMPTY, "hi", null))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(body(r).contains("नागरिक से बातचीत"), body(r));
    assertTrue(body(r).contains("काम चल रहा है"));
  }

  @Test
  void aCitizensMarkupShowsAsTextAndThePageHasNoInlineScriptOrStyle() throws Exception {
    String html = body(get(JALANDHAR_ADMIN, JAL));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;"), html);
    assertFalse(html.contains(SCRIPT));
    assertFalse(html.contains(IMG));
    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
    while (scripts.find()) assertTrue(scripts.group(1).contains(" src=\"/console/static/"), "only scripts from files: " + scripts.group());
    assertTrue(html.matches("(?s).*<script src=\"/console/static/case\\.js(\\?v=[0-9a-f]+)?\" defer></script>.*"), "the page script from its file");
    assertFalse(Pattern.compile("\\sstyle=|\\son[a-z]+=|<style").matcher(html).find(), "no inline style or handler");
  }

  @Test
  void anotherUlbsCaseIsAsUnknownAsAMissingOne() throws Exception {
    long before = lastAuditId();
    HttpResponse other = get(JALANDHAR_ADMIN, PHG);
    HttpResponse missing = get(JALANDHAR_ADMIN, "JAL-26-999999");
    assertEquals(404, other.status().intValue());
    assertEquals(404, missing.status().intValue());
    assertEquals(body(missing), body(other));
    assertFalse(body(other).contains(PHG));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT outcome FROM audit_record WHERE action = 'view-case' AND id > " + before + " ORDER BY id")) {
      List<String> outcomes = new ArrayList<>();
      while (rs.next()) outcomes.add(rs.getString(1));
      assertEquals(List.of("not_found", "not_found"), outcomes, "a look at another ULB's case is audited as not found");
    }
  }

  // ---- attachments ----

  @Test
  void anAttachmentIsServedAsItsStoredTypeInlineAndPrivately() throws Exception {
    HttpResponse r = attachment(JALANDHAR_ADMIN, JAL, "att-photo");
    assertEquals(200, r.status().intValue());
    assertEquals("image/jpeg", r.entity().getContentType().toString());
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    assertEquals("inline; filename=\"" + JAL + "-att-photo\"", header(r, "Content-Disposition"));
    assertTrue(header(r, "Cache-Control").startsWith("private"), header(r, "Cache-Control"));
    assertEquals(List.of("att-photo"), desk.attachmentsServed);

    HttpResponse odd = attachment(JALANDHAR_ADMIN, JAL, "a\"b;c");
    assertEquals(404, odd.status().intValue(), "an unknown attachment");
  }

  @Test
  void anotherUlbsAttachmentIsNotFound() throws Exception {
    HttpResponse other = attachment(JALANDHAR_ADMIN, PHG, "att-photo");
    assertEquals(404, other.status().intValue());
    assertEquals(body(get(JALANDHAR_ADMIN, "JAL-26-999999")), body(other));
  }

  @Test
  void theAttachmentsFilenameIsSafe() {
    HttpResponse r = CaseCalls.attachmentResponse("JAL-26-1", "x\"; evil=1\r\n", new CaseDesk.Attachment("image/png", new byte[0]));
    assertEquals("inline; filename=\"JAL-26-1-x___evil_1__\"", header(r, "Content-Disposition"));
  }

  // ---- which acts are offered ----

  @Test
  void anObserverSeesNoActions() throws Exception {
    String html = body(get(OBSERVER, JAL));
    assertTrue(html.contains(JAL), "the observer reads the case");
    assertFalse(html.contains("class=\"act\""), html);
    assertFalse(html.contains("action=\"/console/cases/"), "no form posts to the case");
  }

  @Test
  void onlyTheActsOfTheCasesStatusAreOffered() throws Exception {
    String inProgress = body(get(JALANDHAR_ADMIN, JAL));
    for (String act : List.of("assign", "resolve", "ask", "comment")) assertTrue(form(inProgress, act) != null, act);
    for (String act : List.of("start", "reject", "reopen")) assertNull(form(inProgress, act), act);
    String assign = form(inProgress, "assign");
    assertTrue(assign.contains("<option value=\"\">Back to the department&#39;s queue</option>"), assign);
    assertFalse(assign.contains("<option value=\"jalandhar-sanitation\""), "in progress: only back to the queue");

    desk.status = CaseStatus.REGISTERED;
    String registered = body(get(JALANDHAR_ADMIN, JAL));
    for (String act : List.of("assign", "reject", "ask", "comment")) assertTrue(form(registered, act) != null, act);
    for (String act : List.of("start", "resolve", "reopen")) assertNull(form(registered, act), act);

    desk.status = CaseStatus.RESOLVED;
    String resolved = body(get(JALANDHAR_ADMIN, JAL));
    for (String act : List.of("comment", "reopen")) assertTrue(form(resolved, act) != null, act);
    for (String act : List.of("assign", "start", "resolve", "reject", "ask")) assertNull(form(resolved, act), act);

    desk.status = CaseStatus.CLOSED_RESOLVED;
    assertFalse(body(get(JALANDHAR_ADMIN, JAL)).contains("class=\"act\""));
  }

  @Test
  void aCaseIsAssignedOnlyToOfficialsWhoWorkOnIt() throws Exception {
    desk.status = CaseStatus.REGISTERED;
    String assign = form(body(get(JALANDHAR_ADMIN, JAL)), "assign");
    List<String> offered = new ArrayList<>();
    Matcher m = Pattern.compile("<option value=\"([^\"]*)\">").matcher(assign);
    while (m.find()) offered.add(m.group(1));
    // Jalandhar's sanitation case in ward 2: its ULB's administrator, its department's officer (wards 1-3), the state's administrator.
    assertEquals(List.of("state-admin", "jalandhar-admin", "jalandhar-sanitation"), offered);
  }

  @Test
  void everyFormCarriesTheCsrfToken() throws Exception {
    String html = body(get(JALANDHAR_ADMIN, JAL));
    Matcher forms = Pattern.compile("<form method=\"post\".*?</form>", Pattern.DOTALL).matcher(html);
    int n = 0;
    while (forms.find()) {
      n++;
      assertTrue(forms.group().contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-1\">"), forms.group());
    }
    assertTrue(n >= 5, "logout and the acts: " + n);
  }

  // ---- acting ----

  @Test
  void everyActGoesToTheDeskAndComesBackToTheCaseWithAMessage() throws Exception {
    Map<String, Act> expected = new java.util.LinkedHashMap<>();
    expected.put("assign", new Act.Assign("jalandhar-sanitation", "please see"));
    expected.put("start", new Act.Start("on my way"));
    expected.put("resolve", new Act.Resolve("cleared", null));
    expected.put("reject", new Act.Reject("not ours"));
    expected.put("ask", new Act.Ask("which lane?"));
    expected.put("comment", new Act.Comment("called the contractor"));
    expected.put("reopen", new Act.Reopen("came back"));
    Map<String, Map<String, String>> fields = Map.of(
        "assign", Map.of("official", "jalandhar-sanitation", "note", "please see"),
        "start", Map.of("note", "on my way"),
        "resolve", Map.of("note", "cleared"),
        "reject", Map.of("reason", "not ours"),
        "ask", Map.of("question", "which lane?"),
        "comment", Map.of("text", "called the contractor"),
        "reopen", Map.of("reason", "came back"));
    for (String act : CasePage.ACTS) {
      HttpResponse r = post(JALANDHAR_ADMIN, JAL, act, fields.get(act));
      assertEquals(303, r.status().intValue(), act);
      assertEquals("/console/cases/" + JAL + "?done=" + act, header(r, "Location"), act);
      assertEquals(expected.get(act), desk.lastAct, act);
      assertEquals("jalandhar-admin", desk.lastActor.id());
    }
    assertEquals("The question was sent to the citizen.", flash(body(get(JALANDHAR_ADMIN, JAL, "?done=ask"))));
    assertNull(flash(body(get(JALANDHAR_ADMIN, JAL, "?done=%3Cb%3E"))), "only the page's own messages are shown");
  }

  @Test
  void assigningBackToTheQueueSendsNoOfficial() throws Exception {
    assertEquals(303, post(JALANDHAR_ADMIN, JAL, "assign", Map.of("official", "")).status().intValue());
    assertEquals(new Act.Assign(null, null), desk.lastAct);
  }

  static String flash(String html) {
    Matcher m = Pattern.compile("<p class=\"flash\" role=\"status\">(.*?)</p>").matcher(html);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void aRefusalShowsTheMessageNextToItsFormWithTheApisStatus() throws Exception {
    Map<Reason, Integer> statuses = Map.of(Reason.ILLEGAL, 409, Reason.INVALID, 400, Reason.FORBIDDEN, 403);
    for (String act : List.of("assign", "resolve", "ask", "comment")) {
      for (Map.Entry<Reason, Integer> e : statuses.entrySet()) {
        desk.refusal = new CaseDesk.Refused(e.getKey(), null, "refused " + act + " <b>because</b>");
        HttpResponse r = post(JALANDHAR_ADMIN, JAL, act, Map.of("note", "typed <i>note</i>", "text", "typed text", "question", "typed q"));
        assertEquals(e.getValue(), r.status().intValue(), act + " " + e.getKey());
        String form = form(body(r), act);
        assertTrue(form.contains("<p class=\"error\" role=\"alert\"") && form.contains("refused " + act + " &lt;b&gt;because&lt;/b&gt;"),
            act + ": " + form);
      }
    }
    desk.refusal = new CaseDesk.Refused(Reason.INVALID, "note", "too long");
    String resolve = form(body(post(JALANDHAR_ADMIN, JAL, "resolve", Map.of("note", "typed <i>note</i>"))), "resolve");
    assertTrue(resolve.contains(">typed &lt;i&gt;note&lt;/i&gt;</textarea>"), "what was typed is kept: " + resolve);
  }

  @Test
  void aRefusalOfAnActNoLongerOfferedShowsAboveThePage() throws Exception {
    desk.refusal = new CaseDesk.Refused(Reason.ILLEGAL, null, "case is in-progress: it cannot be started");
    HttpResponse r = post(JALANDHAR_ADMIN, JAL, "start", Map.of());
    assertEquals(409, r.status().intValue());
    assertTrue(body(r).contains("<p class=\"error\" role=\"alert\">case is in-progress: it cannot be started</p>"), body(r));
  }

  @Test
  void actingOnAnotherUlbsCaseIsNotFound() throws Exception {
    HttpResponse r = post(JALANDHAR_ADMIN, PHG, "comment", Map.of("text", "hello"));
    assertEquals(404, r.status().intValue());
    assertEquals(body(get(JALANDHAR_ADMIN, "JAL-26-999999")), body(r));
  }

  @Test
  void anObserverWhoPostsIsRefused() throws Exception {
    HttpResponse r = post(OBSERVER, JAL, "comment", Map.of("text", "hello"));
    assertEquals(403, r.status().intValue());
    assertTrue(body(r).contains("an observer may read cases but not act on them"));
  }

  @Test
  void actsAreAudited() throws Exception {
    long before = lastAuditId();
    post(JALANDHAR_ADMIN, JAL, "comment", Map.of("text", "hello"));
    desk.refusal = new CaseDesk.Refused(Reason.ILLEGAL, null, "no");
    post(JALANDHAR_ADMIN, JAL, "reopen", Map.of("reason", "again"));
    List<String> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT actor, action, case_number, ulb, outcome FROM audit_record WHERE id > " + before + " ORDER BY id")) {
      while (rs.next()) rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
    }
    assertEquals(List.of("jal-admin comment " + JAL + " pb.jalandhar ok", "jal-admin reopen " + JAL + " pb.jalandhar illegal"), rows);
  }

  static long lastAuditId() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM audit_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- the resolution's photo ----

  @Test
  void aResolutionsPhotoIsStoredAndGoesWithTheAct() throws Exception {
    HttpResponse r = post(JALANDHAR_ADMIN, JAL, "resolve", Map.of("note", "cleared"),
        List.of(new Form.Upload("photo", "done.jpg", "image/jpeg", JPEG)));
    assertEquals(303, r.status().intValue());
    assertEquals(new Act.Resolve("cleared", "upload-1"), desk.lastAct);
    assertEquals("jal-admin", uploads.lastUploadedBy);
  }

  @Test
  void aResolutionWithAFileThatIsNotAPhotoIsRefused() throws Exception {
    HttpResponse r = post(JALANDHAR_ADMIN, JAL, "resolve", Map.of("note", "cleared"),
        List.of(new Form.Upload("photo", "done.jpg", "image/jpeg", "<html>not a photo</html>".getBytes(StandardCharsets.UTF_8))));
    assertEquals(400, r.status().intValue());
    String form = form(body(r), "resolve");
    assertTrue(form.contains("The photo was not taken: the file is not a photo in a format WhatsApp takes (JPEG, PNG)"), form);
    assertNull(desk.lastAct, "the case is not resolved without its photo");
  }

  @Test
  void aResolutionWithATooLargePhotoIsRefused() throws Exception {
    byte[] large = new byte[(int) MediaKind.IMAGE.maxBytes() + 1];
    System.arraycopy(JPEG, 0, large, 0, JPEG.length);
    HttpResponse r = post(JALANDHAR_ADMIN, JAL, "resolve", Map.of(), List.of(new Form.Upload("photo", "big.jpg", "image/jpeg", large)));
    assertEquals(400, r.status().intValue());
    assertTrue(form(body(r), "resolve").contains("The photo was not taken: the photo is larger than 5 MB"), body(r));
    assertNull(desk.lastAct);
  }

  // ---- fakes ----

  /** Two cases, seen by ULB and department as the real desk does; a refusal to give, the last act taken. */
  static final class Desk implements CaseDesk {
    volatile CaseStatus status = CaseStatus.IN_PROGRESS;
    volatile Refused refusal;
    volatile Act lastAct;
    volatile Actor lastActor;
    final List<String> attachmentsServed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> ulbs = new ConcurrentHashMap<>(Map.of(JAL, "pb.jalandhar", PHG, "pb.phagwara"));

    private Optional<View> visible(Actor actor, String number) {
      String ulb = ulbs.get(number);
      if (ulb == null || !(actor.scope().ulbs().isEmpty() || actor.scope().ulbs().contains(ulb))) return Optional.empty();
      return Optional.of(new View(number, "punjab", ulb, "sanitation", "garbage", null, "grievance", status,
          status == CaseStatus.REGISTERED ? null : "jalandhar-sanitation", 1, "2026-12-01T10:00+05:30", "2026-12-02T10:00+05:30",
          "2026-12-03T09:30+05:30", status.open(), "garbage not collected " + SCRIPT, "Example Street 1", 31.3, 75.5, 2, null));
    }

    @Override
    public CompletionStage<Page> list(Actor actor, Filter filter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<Detail>> get(Actor actor, String number) {
      return CompletableFuture.completedFuture(visible(actor, number).map(v -> new Detail(v,
          List.of(
              new HistoryEntry(1, "2026-12-01T10:00+05:30", "citizen", "registered", CaseStatus.REGISTERED, null, null),
              new HistoryEntry(2, "2026-12-01T10:00+05:30", "system", "assigned", CaseStatus.ASSIGNED,
                  "routed to the department's officer", "jalandhar-sanitation"),
              new HistoryEntry(3, "2026-12-01T12:00+05:30", "jalandhar-sanitation", "commented", CaseStatus.ASSIGNED,
                  "the truck is booked " + IMG, "jalandhar-sanitation")),
          List.of(
              new AttachmentRef("att-photo", "image", "image/jpeg", true, "citizen", "2026-12-01T10:00+05:30"),
              new AttachmentRef("att-voice", "audio", "audio/ogg", true, "citizen", "2026-12-01T10:01+05:30"),
              new AttachmentRef("att-pdf", "document", "application/pdf", true, "citizen", "2026-12-01T10:02+05:30")),
          List.of(
              new MessageLine("2026-12-01T09:58+05:30", "in", "garbage not collected " + SCRIPT),
              new MessageLine("2026-12-01T09:59+05:30", "out", "Your complaint " + v.number() + " is filed."),
              new MessageLine("2026-12-01T13:00+05:30", "in", "it is still there " + IMG)))));
    }

    @Override
    public CompletionStage<View> act(Actor actor, String number, Act act) {
      Optional<View> v = visible(actor, number);
      if (v.isEmpty()) return CompletableFuture.failedFuture(new Refused(Refused.Reason.NOT_FOUND, null, "no case " + number));
      if (actor.role() == Official.Role.OBSERVER) {
        return CompletableFuture.failedFuture(new Refused(Refused.Reason.FORBIDDEN, null, "an observer may read cases but not act on them"));
      }
      if (refusal != null) return CompletableFuture.failedFuture(refusal);
      lastAct = act;
      lastActor = actor;
      return CompletableFuture.completedFuture(v.get());
    }

    @Override
    public CompletionStage<Optional<Attachment>> attachment(Actor actor, String number, String attachmentId) {
      Optional<Attachment> found = visible(actor, number).filter(v -> attachmentId.startsWith("att-"))
          .map(v -> new Attachment("image/jpeg", JPEG));
      found.ifPresent(a -> attachmentsServed.add(attachmentId));
      return CompletableFuture.completedFuture(found);
    }
  }

  /** Refuses as media's uploads do: by the first bytes, and above a photo's size. */
  static final class FakeUploads implements Uploads {
    volatile String lastUploadedBy;

    @Override
    public CompletionStage<StoredMedia> store(byte[] bytes, String claimedType, String uploadedBy) {
      if (bytes.length < 3 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != 0xD8) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("the file is not a photo in a format WhatsApp takes (JPEG, PNG)"));
      }
      if (bytes.length > MediaKind.IMAGE.maxBytes()) {
        return CompletableFuture.failedFuture(new IllegalArgumentException("the photo is larger than 5 MB"));
      }
      lastUploadedBy = uploadedBy;
      return CompletableFuture.completedFuture(new StoredMedia("console", "upload-1", MediaKind.IMAGE, "image/jpeg", bytes.length,
          "sha", null, java.nio.file.Path.of("upload-1")));
    }
  }
}
