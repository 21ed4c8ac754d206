package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.cases.CaseDesk.Act;
import chaupal.cases.CaseDesk.Actor;
import chaupal.cases.CaseDesk.Attachment;
import chaupal.cases.CaseDesk.Detail;
import chaupal.cases.CaseDesk.Filter;
import chaupal.cases.CaseDesk.Page;
import chaupal.cases.CaseDesk.Refused;
import chaupal.cases.CaseDesk.Refused.Reason;
import chaupal.cases.CaseDesk.View;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Official;
import chaupal.tenancy.Official.Role;
import chaupal.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk over real read tables: Punjab with two ULBs (Jalandhar, Zirakpur), two departments
 * (water, roads) and wards, plus a case of another tenant that nobody here may see.
 */
class CaseBookTest {

  static final TestClock BASE = new TestClock();
  static final Instant T0 = BASE.instant();

  static Database db;
  static ExecutorService blocking;
  static CaseRows rows;

  static final Actor STATE = actor("state-admin", Role.STATE_ADMIN, List.of("zirakpur"), List.of("roads"), List.of(9));
  static final Actor JAL_ADMIN = actor("jal-admin", Role.ULB_ADMIN, List.of("jalandhar"), List.of("roads"), List.of());
  static final Actor JAL_WATER = actor("jal-water", Role.DEPARTMENT_OFFICER, List.of("jalandhar"), List.of("water"), List.of());
  static final Actor JAL_WATER_WARD_3 = actor("jal-water-3", Role.DEPARTMENT_OFFICER, List.of("jalandhar"), List.of("water"), List.of(3));
  static final Actor ALL_WATER = actor("water-everywhere", Role.DEPARTMENT_OFFICER, List.of(), List.of("water"), List.of());
  static final Actor ZRK_OBSERVER = actor("zrk-observer", Role.OBSERVER, List.of("zirakpur"), List.of(), List.of());

  static final List<Official> OFFICIALS = List.of(
      official("jal-water", Role.DEPARTMENT_OFFICER, List.of("jalandhar"), List.of("water"), List.of()),
      official("jal-roads", Role.DEPARTMENT_OFFICER, List.of("jalandhar"), List.of("roads"), List.of()),
      official("jal-water-3", Role.DEPARTMENT_OFFICER, List.of("jalandhar"), List.of("water"), List.of(3)),
      official("zrk-admin", Role.ULB_ADMIN, List.of("zirakpur"), List.of(), List.of()),
      official("zrk-observer", Role.OBSERVER, List.of("zirakpur"), List.of(), List.of()));

  RecordingCaseCommands commands;
  List<String> mediaAsked;
  CaseBook book;

  @BeforeAll
  static void cases() {
    db = TestDatabase.create("case_book");
    blocking = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-blocking"));
    rows = new CaseRows(db.dataSource());
    // filed an hour apart, in the order of the numbers below; updated in the reverse order
    row("JAL-26-000001", "punjab", "jalandhar", "water", "no-water", "registered", null, 3, 0, 48);
    row("JAL-26-000002", "punjab", "jalandhar", "roads", "pothole", "assigned", "jal-roads", 5, 1, 72);
    row("JAL-26-000003", "punjab", "jalandhar", "water", "leakage", "in-progress", "jal-water", null, 2, -3);
    row("ZRK-26-000001", "punjab", "zirakpur", "water", "no-water", "resolved", "zrk-admin", 1, 3, -4);
    row("ZRK-26-000002", "punjab", "zirakpur", "roads", "pothole", "registered", null, 2, 4, -5);
    row("DEL-26-000001", "delhi", null, "water", "no-water", "registered", null, null, 5, 24);
    rows.history("JAL-26-000001", 2, T0.plusSeconds(60), "jal-water", "commented", "registered", "visiting tomorrow");
    rows.history("JAL-26-000001", 1, T0, "citizen", "registered", "registered", null);
    rows.attachment("JAL-26-000001", "a1", "media-photo-1", T0);
    rows.attachment("ZRK-26-000002", "a1", "media-photo-2", T0);
    rows.message("JAL-26-000001", 2, T0.plusSeconds(5), "out", "Your complaint JAL-26-000001 is registered");
    rows.message("JAL-26-000001", 1, T0, "in", "paani nahi aa raha");
  }

  @AfterAll
  static void close() {
    blocking.shutdown();
    db.close();
  }

  @BeforeEach
  void desk() {
    commands = new RecordingCaseCommands();
    commands.answer = view("JAL-26-000001");
    mediaAsked = new CopyOnWriteArrayList<>();
    book = book(BASE);
  }

  // ---- scope ----

  @Test
  void eachRoleListsOnlyItsScopeWithinItsTenant() {
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003", "ZRK-26-000001", "ZRK-26-000002"),
        numbers(list(STATE, all())), "a state administrator sees the whole tenant whatever their scope lists");
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003"), numbers(list(JAL_ADMIN, all())),
        "a ULB administrator sees every department of their ULB");
    assertEquals(List.of("JAL-26-000001", "JAL-26-000003"), numbers(list(JAL_WATER, all())));
    assertEquals(List.of("JAL-26-000001"), numbers(list(JAL_WATER_WARD_3, all())), "a case without a ward is outside a ward scope");
    assertEquals(List.of("JAL-26-000001", "JAL-26-000003", "ZRK-26-000001"), numbers(list(ALL_WATER, all())));
    assertEquals(List.of("ZRK-26-000001", "ZRK-26-000002"), numbers(list(ZRK_OBSERVER, all())));
    assertEquals(2, list(ZRK_OBSERVER, all()).total());
  }

  @Test
  void aCaseOutsideScopeDoesNotExistForGetActOrAttachment() {
    assertTrue(get(JAL_WATER, "JAL-26-000002").isEmpty(), "another department");
    assertTrue(get(JAL_WATER, "ZRK-26-000001").isEmpty(), "another ULB");
    assertTrue(get(JAL_WATER_WARD_3, "JAL-26-000003").isEmpty(), "no ward");
    assertTrue(get(STATE, "DEL-26-000001").isEmpty(), "another tenant");
    assertTrue(get(STATE, "JAL-26-999999").isEmpty(), "unknown");

    assertRefused(Reason.NOT_FOUND, null, book.act(JAL_WATER, "JAL-26-000002", new Act.Start(null)));
    assertRefused(Reason.NOT_FOUND, null, book.act(STATE, "DEL-26-000001", new Act.Start(null)));
    assertRefused(Reason.NOT_FOUND, null, book.act(STATE, "JAL-26-999999", new Act.Start(null)));
    assertRefused(Reason.NOT_FOUND, null, book.act(ZRK_OBSERVER, "JAL-26-000001", new Act.Start(null)),
        "outside scope comes before the role: an observer learns nothing of other ULBs");
    assertEquals(List.of(), commands.acts);

    assertTrue(attachment(JAL_WATER, "ZRK-26-000002", "a1").isEmpty());
    assertTrue(attachment(JAL_ADMIN, "ZRK-26-000002", "a1").isEmpty());
    assertEquals(List.of(), mediaAsked, "the media part is not asked for a case outside scope");
  }

  @Test
  void anAttachmentInScopeComesFromTheMediaPartByItsMediaId() {
    Optional<Attachment> photo = attachment(ZRK_OBSERVER, "ZRK-26-000002", "a1");
    assertEquals("image/jpeg", photo.orElseThrow().mimeType());
    assertEquals("ZRK-26-000002/media-photo-2", new String(photo.get().bytes(), StandardCharsets.UTF_8));
    assertTrue(attachment(ZRK_OBSERVER, "ZRK-26-000002", "a2").isEmpty(), "no such attachment");
    assertEquals(List.of("ZRK-26-000002/media-photo-2"), mediaAsked);
  }

  @Test
  void aCaseShowsItsHistoryAttachmentsAndMessagesInOrderInIndianTime() {
    Detail detail = get(JAL_WATER_WARD_3, "JAL-26-000001").orElseThrow();
    View view = detail.view();
    assertEquals("jalandhar", view.ulb());
    assertEquals(CaseStatus.REGISTERED, view.status());
    assertEquals(3, view.ward());
    assertEquals(31.32, view.latitude());
    assertNull(view.rating());
    assertEquals("2025-06-15T20:36:40+05:30", view.filedAt(), "filed at T0 = 15:06:40Z");
    assertEquals("2025-06-17T20:36:40+05:30", view.dueAt());
    assertFalse(view.overdue());
    assertEquals(List.of(1L, 2L), detail.history().stream().map(CaseDesk.HistoryEntry::sequence).toList());
    assertEquals(new CaseDesk.HistoryEntry(2, "2025-06-15T20:37:40+05:30", "jal-water", "commented", CaseStatus.REGISTERED,
        "visiting tomorrow", null), detail.history().get(1));
    assertEquals(List.of(new CaseDesk.AttachmentRef("a1", "photo", "image/jpeg", true, "citizen", "2025-06-15T20:36:40+05:30")),
        detail.attachments());
    assertEquals(List.of(
            new CaseDesk.MessageLine("2025-06-15T20:36:40+05:30", "in", "paani nahi aa raha"),
            new CaseDesk.MessageLine("2025-06-15T20:36:45+05:30", "out", "Your complaint JAL-26-000001 is registered")),
        detail.messages());
  }

  // ---- roles and acts ----

  @Test
  void anObserverMayNotAct() {
    Refused refused = assertRefused(Reason.FORBIDDEN, null, book.act(ZRK_OBSERVER, "ZRK-26-000002", new Act.Comment("on it")));
    assertTrue(refused.getMessage().contains("observer"), refused.getMessage());
    assertEquals(List.of(), commands.acts);
  }

  @Test
  void anActInScopeGoesToTheCaseAndItsAnswerComesBack() {
    Act act = new Act.Assign("jal-water-3", "ward 3 is yours");
    assertEquals(view("JAL-26-000001"), join(book.act(JAL_ADMIN, "JAL-26-000001", act)));
    assertEquals(List.of(new RecordingCaseCommands.ActCall("JAL-26-000001", JAL_ADMIN, act)), commands.acts);

    join(book.act(STATE, "ZRK-26-000002", new Act.Assign(null, "back to the queue")));
    join(book.act(JAL_WATER, "JAL-26-000003", new Act.Resolve(null, "media-work-done")));
    join(book.act(JAL_WATER, "JAL-26-000003", new Act.Reopen(null)));
    assertEquals(4, commands.acts.size());
  }

  @Test
  void theCaseRefusalPassesThrough() {
    commands.refusal = new Refused(Reason.ILLEGAL, null, "a resolved case cannot be resolved again");
    Refused refused = assertRefused(Reason.ILLEGAL, null, book.act(STATE, "ZRK-26-000001", new Act.Resolve("done", null)));
    assertEquals("a resolved case cannot be resolved again", refused.getMessage());
  }

  @Test
  void anAssigneeMustBeAnOfficialOfTheTenantWhoWorksOnTheCase() {
    assertRefused(Reason.INVALID, "official", book.act(STATE, "JAL-26-000001", new Act.Assign("nobody", null)));
    assertRefused(Reason.INVALID, "official", book.act(STATE, "JAL-26-000001", new Act.Assign("jal-roads", null)),
        "another department");
    assertRefused(Reason.INVALID, "official", book.act(STATE, "ZRK-26-000001", new Act.Assign("jal-water", null)),
        "another ULB");
    assertRefused(Reason.INVALID, "official", book.act(STATE, "JAL-26-000003", new Act.Assign("jal-water-3", null)),
        "a ward officer for a case without a ward");
    assertRefused(Reason.INVALID, "official", book.act(STATE, "ZRK-26-000002", new Act.Assign("zrk-observer", null)),
        "an observer does not work cases");
    assertEquals(List.of(), commands.acts);
    join(book.act(STATE, "ZRK-26-000002", new Act.Assign("zrk-admin", null)));
    assertEquals(1, commands.acts.size());
  }

  @Test
  void textsAreRequiredWhereTheActNeedsThemAndAtMost2000Characters() {
    String tooLong = "x".repeat(2001);
    assertRefused(Reason.INVALID, "reason", book.act(STATE, "JAL-26-000001", new Act.Reject(null)));
    assertRefused(Reason.INVALID, "reason", book.act(STATE, "JAL-26-000001", new Act.Reject("  ")));
    assertRefused(Reason.INVALID, "reason", book.act(STATE, "JAL-26-000001", new Act.Reject(tooLong)));
    assertRefused(Reason.INVALID, "text", book.act(STATE, "JAL-26-000001", new Act.Comment(null)));
    assertRefused(Reason.INVALID, "text", book.act(STATE, "JAL-26-000001", new Act.Comment(tooLong)));
    assertRefused(Reason.INVALID, "note", book.act(STATE, "JAL-26-000001", new Act.Start(tooLong)));
    assertRefused(Reason.INVALID, "note", book.act(STATE, "JAL-26-000001", new Act.Resolve(tooLong, null)));
    assertRefused(Reason.INVALID, "note", book.act(STATE, "JAL-26-000001", new Act.Assign(null, tooLong)));
    assertRefused(Reason.INVALID, "reason", book.act(STATE, "JAL-26-000001", new Act.Reopen(tooLong)));
    // What no text column takes: a NUL, an escape, half of an emoji.
    assertRefused(Reason.INVALID, "text", book.act(STATE, "JAL-26-000001", new Act.Comment("pipe fixed\u0000")));
    assertRefused(Reason.INVALID, "note", book.act(STATE, "JAL-26-000001", new Act.Start("on the way \u001b[31m")));
    assertRefused(Reason.INVALID, "note", book.act(STATE, "JAL-26-000001", new Act.Resolve("done \ud83d", null)));
    assertEquals(List.of(), commands.acts);
    join(book.act(STATE, "JAL-26-000001", new Act.Comment("line one\nline two\ttabbed, done \ud83d\udc4d")));
    assertEquals(1, commands.acts.size());
    commands.acts.clear();
    join(book.act(STATE, "JAL-26-000001", new Act.Comment("x".repeat(2000))));
    assertEquals(1, commands.acts.size());
  }

  // ---- filters, sort, pages ----

  @Test
  void filtersNarrowTheList() {
    assertEquals(List.of("JAL-26-000001", "ZRK-26-000002"), numbers(list(STATE, filter("registered", null, null, null, null, null))));
    assertEquals(List.of("JAL-26-000003"), numbers(list(STATE, filter("in-progress", null, null, null, null, null))));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003", "ZRK-26-000002"),
        numbers(list(STATE, filter("open", null, null, null, null, null))));
    assertEquals(List.of("ZRK-26-000001", "ZRK-26-000002"), numbers(list(STATE, filter(null, "zirakpur", null, null, null, null))));
    assertEquals(List.of("JAL-26-000002", "ZRK-26-000002"), numbers(list(STATE, filter(null, null, "roads", null, null, null))));
    assertEquals(List.of("JAL-26-000001", "ZRK-26-000001"), numbers(list(STATE, filter(null, null, null, "no-water", null, null))));
    assertEquals(List.of("JAL-26-000003"), numbers(list(STATE, filter(null, null, null, null, "jal-water", null))));
    assertEquals(List.of("JAL-26-000003", "ZRK-26-000002"), numbers(list(STATE, filter(null, null, null, null, null, true))),
        "overdue: open and past due; a resolved case past its due time is not");
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "ZRK-26-000001"),
        numbers(list(STATE, filter(null, null, null, null, null, false))));
    assertEquals(List.of(), numbers(list(JAL_WATER, filter(null, "zirakpur", null, null, null, null))),
        "a filter never widens the scope");
    assertEquals(List.of("JAL-26-000003"), numbers(list(JAL_WATER, filter("open", "jalandhar", "water", "leakage", "jal-water", true))));
  }

  @Test
  void theQueuesFiltersNarrowByWardEscalationAgeAndText() {
    assertEquals(List.of("JAL-26-000001"), numbers(list(STATE, more(3, null, null, null))));
    assertEquals(List.of(), numbers(list(JAL_WATER, more(2, null, null, null))), "ward 2 is Zirakpur's, outside the scope");
    rows.exec("UPDATE grievance_case SET level = 1 WHERE number = 'JAL-26-000002'");
    try {
      assertEquals(List.of("JAL-26-000002"), numbers(list(STATE, more(null, true, null, null))));
      assertEquals(List.of("JAL-26-000001", "JAL-26-000003", "ZRK-26-000001", "ZRK-26-000002"),
          numbers(list(STATE, more(null, false, null, null))));
    } finally {
      rows.exec("UPDATE grievance_case SET level = 0 WHERE number = 'JAL-26-000002'");
    }
    TestClock clock = new TestClock();
    clock.advance(Duration.ofDays(1).plusHours(2).plusMinutes(30));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003"),
        numbers(join(book(clock).list(STATE, more(null, null, 1, null)))), "filed more than a day ago: T0, +1 h, +2 h");
    assertEquals(5, join(book(clock).list(STATE, more(null, null, 0, null))).total());
    assertEquals(List.of("JAL-26-000002"), numbers(list(STATE, more(null, null, null, "jal-26-000002"))), "a case number, any case");
    assertEquals(5, list(STATE, more(null, null, null, "WATER since")).total(), "words of the description");
    assertEquals(3, list(JAL_ADMIN, more(null, null, null, "model town")).total(), "words of the address, within scope");
    assertEquals(0, list(STATE, more(null, null, null, "water%")).total(), "% is a character, not a wildcard");
    assertRefused(Reason.INVALID, "age", book.list(STATE, more(null, null, -1, null)));
  }

  @Test
  void changesSinceATimeComeOldestFirstWithinScopeAndFilter() {
    // updated 10 - hour hours after T0: ZRK-2 at +6 h, ZRK-1 at +7 h, JAL-3 at +8 h, JAL-2 at +9 h, JAL-1 at +10 h
    Instant since = T0.plus(Duration.ofHours(7));
    assertEquals(List.of("JAL-26-000003", "JAL-26-000002", "JAL-26-000001"), changed(STATE, all(), since, 10));
    assertEquals(List.of("JAL-26-000003", "JAL-26-000002"), changed(STATE, all(), since, 2), "at most the limit");
    assertEquals(List.of("JAL-26-000003", "JAL-26-000001"), changed(JAL_WATER, all(), since, 10));
    assertEquals(List.of("JAL-26-000001"), changed(JAL_WATER, filter("registered", null, null, null, null, null), since, 10));
    assertEquals(List.of(), changed(ZRK_OBSERVER, all(), since, 10), "Zirakpur's changes are older");
  }

  @Test
  void overdueFollowsTheClock() {
    TestClock clock = new TestClock();
    CaseBook later = book(clock);
    assertFalse(get(later, JAL_WATER, "JAL-26-000001").orElseThrow().view().overdue());
    clock.advance(Duration.ofHours(48));
    assertFalse(get(later, JAL_WATER, "JAL-26-000001").orElseThrow().view().overdue(), "due now is not yet late");
    clock.advance(Duration.ofMillis(1));
    assertTrue(get(later, JAL_WATER, "JAL-26-000001").orElseThrow().view().overdue());
    assertEquals(List.of("JAL-26-000001", "JAL-26-000003"), numbers(join(later.list(JAL_WATER, filter(null, null, null, null, null, true)))));
  }

  @Test
  void sortsByFiledDueOrUpdatedEitherWayNewestFiledFirstByDefault() {
    assertEquals(List.of("ZRK-26-000002", "ZRK-26-000001", "JAL-26-000003", "JAL-26-000002", "JAL-26-000001"),
        numbers(list(STATE, sorted(null))));
    assertEquals(List.of("ZRK-26-000002", "ZRK-26-000001", "JAL-26-000003", "JAL-26-000002", "JAL-26-000001"),
        numbers(list(STATE, sorted("-filed"))));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003", "ZRK-26-000001", "ZRK-26-000002"),
        numbers(list(STATE, sorted("filed"))));
    assertEquals(List.of("JAL-26-000003", "ZRK-26-000001", "ZRK-26-000002", "JAL-26-000001", "JAL-26-000002"),
        numbers(list(STATE, sorted("due"))), "the three due an hour before T0 in the order of their numbers");
    assertEquals(List.of("JAL-26-000002", "JAL-26-000001", "ZRK-26-000002", "ZRK-26-000001", "JAL-26-000003"),
        numbers(list(STATE, sorted("-due"))));
    assertEquals(List.of("ZRK-26-000002", "ZRK-26-000001", "JAL-26-000003", "JAL-26-000002", "JAL-26-000001"),
        numbers(list(STATE, sorted("updated"))));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002", "JAL-26-000003", "ZRK-26-000001", "ZRK-26-000002"),
        numbers(list(STATE, sorted("-updated"))));
  }

  @Test
  void pagesCountFromZeroWithTheTotal() {
    Page first = list(STATE, new Filter(null, null, null, null, null, null, "filed", 0, 2));
    Page second = list(STATE, new Filter(null, null, null, null, null, null, "filed", 1, 2));
    Page third = list(STATE, new Filter(null, null, null, null, null, null, "filed", 2, 2));
    Page beyond = list(STATE, new Filter(null, null, null, null, null, null, "filed", 3, 2));
    assertEquals(List.of("JAL-26-000001", "JAL-26-000002"), numbers(first));
    assertEquals(List.of("JAL-26-000003", "ZRK-26-000001"), numbers(second));
    assertEquals(List.of("ZRK-26-000002"), numbers(third));
    assertEquals(List.of(), numbers(beyond));
    assertEquals(List.of(5L, 5L, 5L, 5L), List.of(first.total(), second.total(), third.total(), beyond.total()));
    assertEquals(1, second.page());
    assertEquals(2, second.size());
    assertEquals(CaseBook.DEFAULT_PAGE_SIZE, list(STATE, all()).size(), "size 0 (not given) is the default");
    assertEquals(100, list(STATE, new Filter(null, null, null, null, null, null, null, 0, 100)).size());
  }

  @Test
  void aBadFilterIsRefusedNamingItsField() {
    assertRefused(Reason.INVALID, "status", book.list(STATE, filter("pending", null, null, null, null, null)));
    assertRefused(Reason.INVALID, "sort", book.list(STATE, sorted("newest")));
    assertRefused(Reason.INVALID, "page", book.list(STATE, new Filter(null, null, null, null, null, null, null, -1, 20)));
    assertRefused(Reason.INVALID, "size", book.list(STATE, new Filter(null, null, null, null, null, null, null, 0, 101)));
    assertRefused(Reason.INVALID, "size", book.list(STATE, new Filter(null, null, null, null, null, null, null, 0, -1)));
  }

  @Test
  void theDatabaseIsReadOffTheCallersThread() {
    Thread caller = Thread.currentThread();
    List<Thread> asked = new CopyOnWriteArrayList<>();
    CaseBook watched = new CaseBook(db.dataSource(), r -> blocking.execute(() -> {
      asked.add(Thread.currentThread());
      r.run();
    }), tenant -> OFFICIALS, commands, (number, mediaId) -> CompletableFuture.completedFuture(Optional.empty()), BASE);
    join(watched.list(STATE, all()));
    join(watched.get(STATE, "JAL-26-000001"));
    join(watched.act(STATE, "JAL-26-000001", new Act.Start(null)));
    join(watched.attachment(STATE, "JAL-26-000001", "a1"));
    assertEquals(4, asked.size());
    assertFalse(asked.contains(caller));
  }

  // ---- fixtures ----

  private CaseBook book(TestClock clock) {
    return new CaseBook(db.dataSource(), blocking, tenant -> tenant.equals("punjab") ? OFFICIALS : List.of(), commands,
        (number, mediaId) -> {
          mediaAsked.add(number + "/" + mediaId);
          return CompletableFuture.completedFuture(
              Optional.of(new Attachment("image/jpeg", (number + "/" + mediaId).getBytes(StandardCharsets.UTF_8))));
        }, clock);
  }

  /** Filed {@code hour} hours after T0, due {@code dueHours} after filing, updated {@code 10 - hour} hours after T0. */
  private static void row(String number, String tenant, String ulb, String department, String category, String status,
      String assignee, Integer ward, int hour, int dueHours) {
    Instant filed = T0.plus(Duration.ofHours(hour));
    rows.insert(new CaseRows.Row(number, tenant, ulb, department, category, status, assignee, 0, ward, filed,
        filed.plus(Duration.ofHours(dueHours)), T0.plus(Duration.ofHours(10 - hour))));
  }

  private static Actor actor(String id, Role role, List<String> ulbs, List<String> departments, List<Integer> wards) {
    return new Actor(id, "punjab", role, new Official.Scope(ulbs, departments, wards));
  }

  private static Official official(String id, Role role, List<String> ulbs, List<String> departments, List<Integer> wards) {
    return new Official(id, "Example " + id, role, null, new Official.Scope(ulbs, departments, wards), "0181000000",
        id + "@example.org", null);
  }

  private static View view(String number) {
    return new View(number, "punjab", "jalandhar", "water", "no-water", null, "complaint", CaseStatus.ASSIGNED, "jal-water",
        0, null, null, null, false, null, null, null, null, null, null);
  }

  private static Filter all() {
    return new Filter(null, null, null, null, null, null, "filed", 0, 0);
  }

  private static Filter sorted(String sort) {
    return new Filter(null, null, null, null, null, null, sort, 0, 0);
  }

  private static Filter filter(String status, String ulb, String department, String category, String assignee, Boolean overdue) {
    return new Filter(status, ulb, department, category, assignee, overdue, "filed", 0, 0);
  }

  private static Filter more(Integer ward, Boolean escalated, Integer olderThanDays, String text) {
    return new Filter(null, null, null, null, null, null, "filed", 0, 0, ward, escalated, olderThanDays, text);
  }

  private List<String> changed(Actor actor, Filter filter, Instant since, int limit) {
    return join(book.changedSince(actor, filter, since, limit)).stream().map(View::number).toList();
  }

  private Page list(Actor actor, Filter filter) {
    return join(book.list(actor, filter));
  }

  private Optional<Detail> get(Actor actor, String number) {
    return get(book, actor, number);
  }

  private static Optional<Detail> get(CaseBook book, Actor actor, String number) {
    return join(book.get(actor, number));
  }

  private Optional<Attachment> attachment(Actor actor, String number, String id) {
    return join(book.attachment(actor, number, id));
  }

  private static List<String> numbers(Page page) {
    return page.cases().stream().map(View::number).toList();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static Refused assertRefused(Reason reason, String field, CompletionStage<?> stage) {
    return assertRefused(reason, field, stage, null);
  }

  private static Refused assertRefused(Reason reason, String field, CompletionStage<?> stage, String why) {
    CompletionException failed = assertThrows(CompletionException.class, () -> join(stage), why);
    Refused refused = assertInstanceOf(Refused.class, failed.getCause(), why);
    assertEquals(reason, refused.reason(), refused.getMessage());
    assertEquals(field, refused.field(), refused.getMessage());
    return refused;
  }
}
