package chaupal.console;

import static chaupal.console.PageCalls.account;
import static chaupal.console.PageCalls.answer;
import static chaupal.console.PageCalls.get;
import static chaupal.console.PageCalls.html;
import static chaupal.console.PageCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.HttpResponse;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Official;
import chaupal.tenancy.Official.Role;
import chaupal.testing.TestClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The officials page on real accounts and audit tables, called without a browser. */
class OfficialsPageTest {

  static final Account STATE = account("state.admin", Role.STATE_ADMIN, List.of(), List.of());
  static final Account ZRK_ADMIN = account("zrk.admin", Role.ULB_ADMIN, List.of("pb.zirakpur"), List.of());
  static final Account ZRK_ROADS = account("zrk.roads", Role.DEPARTMENT_OFFICER, List.of("pb.zirakpur"), List.of("building-roads"));
  static final Account JAL_ROADS = account("jal.roads", Role.DEPARTMENT_OFFICER, List.of("pb.jalandhar"), List.of("building-roads"));

  static Database db;
  static ExecutorService blocking;
  static Accounts accounts;
  static List<WebEndpoint> endpoints;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("officials_page");
    blocking = Executors.newFixedThreadPool(2);
    accounts = new Accounts(db.dataSource(), blocking);
    TestClock clock = new TestClock();
    OfficialAccounts officials = new OfficialAccounts(accounts, new AuditLog(db.dataSource(), blocking, clock), ConsoleHarness.DIRECTORY,
        blocking, clock);
    endpoints = new OfficialsPage(new Pages(WebTexts.load()), officials).endpoints();
    for (Account a : List.of(STATE, ZRK_ADMIN, ZRK_ROADS, JAL_ROADS, account("zrk.move", Role.DEPARTMENT_OFFICER, List.of("pb.zirakpur"),
        List.of("sanitation")), account("to.disable", Role.OBSERVER, List.of("pb.zirakpur"), List.of()))) {
      accounts.insert(a).toCompletableFuture().join();
    }
  }

  @AfterAll
  static void close() {
    blocking.shutdown();
    db.close();
  }

  @Test
  void anOfficerGetsTheForbiddenPage() {
    HttpResponse r = answer(endpoints, "GET", "/officials", get(ZRK_ROADS, "/console/officials"));
    assertEquals(403, r.status().intValue());
    assertTrue(html(r).contains("This page is for administrators only."));
    HttpResponse posted = answer(endpoints, "POST", "/officials/{username}/scope",
        withParam(post(ZRK_ROADS, "/console/officials/zrk.roads/scope", Map.of("role", "state-admin")), "zrk.roads"));
    assertEquals(403, posted.status().intValue());
    assertEquals(Role.DEPARTMENT_OFFICER, find("zrk.roads").role());
  }

  @Test
  void aUlbAdministratorSeesOnlyTheirUlbsAccountsAndGrantsNoStateAdministrator() {
    String page = html(answer(endpoints, "GET", "/officials", get(ZRK_ADMIN, "/console/officials")));
    assertTrue(page.contains("<th scope=\"row\">zrk.roads</th>"));
    assertFalse(page.contains("jal.roads"), "another ULB's official");
    assertFalse(page.contains("state.admin"));
    assertFalse(page.contains("value=\"state-admin\""), "no state administrator to grant");
    assertTrue(page.contains("<input type=\"hidden\" name=\"csrf\" value=\"csrf-token-of-zrk.admin\">"));

    HttpResponse beyond = answer(endpoints, "POST", "/officials/{username}/scope",
        withParam(post(ZRK_ADMIN, "/console/officials/zrk.roads/scope", Map.of("role", "department-officer", "ulbs", "pb.jalandhar")),
            "zrk.roads"));
    assertEquals(403, beyond.status().intValue());
    assertTrue(html(beyond).contains("you administer only pb.zirakpur"), "the API's own rule and words");
    assertEquals(List.of("pb.zirakpur"), find("zrk.roads").scope().ulbs());
    HttpResponse other = answer(endpoints, "POST", "/officials/{username}/disable",
        withParam(post(ZRK_ADMIN, "/console/officials/jal.roads/disable", Map.of()), "jal.roads"));
    assertEquals(404, other.status().intValue(), "another ULB's official is as unknown as a missing one");
    assertFalse(find("jal.roads").disabled());
    assertEquals(1, count("SELECT count(*) FROM audit_record WHERE actor = 'zrk.admin' AND action = 'rescope-official' AND outcome = 'forbidden'"));
  }

  @Test
  void aStateAdministratorReScopesAddsDisablesAndResets() {
    HttpResponse moved = answer(endpoints, "POST", "/officials/{username}/scope", withParam(post(STATE,
        "/console/officials/zrk.move/scope", Map.of("role", "observer", "ulbs", "pb.jalandhar, pb.phagwara", "departments", "")), "zrk.move"));
    assertEquals(303, moved.status().intValue());
    assertEquals("/console/officials?done=rescoped&who=zrk.move", moved.getHeader("Location").orElseThrow().value());
    Account after = find("zrk.move");
    assertEquals(Role.OBSERVER, after.role());
    assertEquals(new Official.Scope(List.of("pb.jalandhar", "pb.phagwara"), List.of(), List.of()), after.scope());
    assertEquals(1, count("SELECT count(*) FROM audit_record WHERE actor = 'state.admin' AND action = 'rescope-official' AND outcome = 'ok'"));

    HttpResponse added = answer(endpoints, "POST", "/officials", post(STATE, "/console/officials",
        Map.of("username", "phg.lights", "password", "a long enough password", "role", "department-officer", "ulbs", "pb.phagwara",
            "departments", "street-lights")));
    assertEquals(303, added.status().intValue());
    assertEquals(List.of("street-lights"), find("phg.lights").scope().departments());

    assertEquals(303, answer(endpoints, "POST", "/officials/{username}/disable",
        withParam(post(STATE, "/console/officials/to.disable/disable", Map.of()), "to.disable")).status().intValue());
    assertTrue(find("to.disable").disabled());
    String hash = find("phg.lights").passwordHash();
    assertEquals(303, answer(endpoints, "POST", "/officials/{username}/password", withParam(post(STATE,
        "/console/officials/phg.lights/password", Map.of("password", "another long password")), "phg.lights")).status().intValue());
    assertFalse(hash.equals(find("phg.lights").passwordHash()));
    String done = html(answer(endpoints, "GET", "/officials", get(STATE, "/console/officials?done=password&who=phg.lights")));
    assertTrue(done.contains("New password set for phg.lights."));
  }

  @Test
  void mistakesAreShownEscapedOnTheForm() {
    HttpResponse r = answer(endpoints, "POST", "/officials/{username}/scope", withParam(post(STATE,
        "/console/officials/zrk.roads/scope", Map.of("wards", "<img src=x onerror=alert(1)>")), "zrk.roads"));
    assertEquals(400, r.status().intValue());
    String page = html(r);
    assertFalse(page.contains("<img src=x"));
    assertTrue(page.contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;".replace("&#61;", "=")), page);
    assertEquals(400, answer(endpoints, "POST", "/officials", post(STATE, "/console/officials",
        Map.of("username", "x.y", "password", "short", "role", "observer"))).status().intValue());
  }

  private static WebCall withParam(WebCall call, String username) {
    return new WebCall(List.of(username), call.request(), call.session(), call.form(), call.language(), call.materializer());
  }

  private static Account find(String username) {
    return accounts.find(username).toCompletableFuture().join().orElseThrow();
  }

  private static long count(String sql) {
    return TestDatabase.query(db, sql, rs -> {
      rs.next();
      return rs.getLong(1);
    });
  }
}
