package chaupal.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chaupal.cases.CaseDesk.Actor;
import chaupal.cases.CaseFigures.Grouping;
import chaupal.cases.CaseFigures.Row;
import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.tenancy.Official;
import chaupal.tenancy.Official.Role;
import chaupal.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Figures over seeded read tables, each checked by hand. Jalandhar: J1 open; J2 open, overdue, at
 * level 1; J3 resolved in 2 h within its deadline; J4 resolved in 26 h after it; J5 resolved in 4 h,
 * reopened, resolved again at 6 h, within; J6 rejected; R1 (roads) escalated once, then resolved at
 * 48 h before its new deadline (late: it missed one). Zirakpur: Z1 open. Delhi: one case no one here sees.
 */
class CaseFiguresTest {

  static final TestClock CLOCK = new TestClock();
  static final Instant T0 = CLOCK.instant();
  static final String JAL = "pb.jalandhar";
  static final String ZRK = "pb.zirakpur";

  static Database db;
  static ExecutorService blocking;
  static CaseFigures figures;

  static final Actor STATE = actor(Role.STATE_ADMIN, List.of(), List.of());
  static final Actor JAL_ADMIN = actor(Role.ULB_ADMIN, List.of(JAL), List.of());
  static final Actor JAL_ROADS = actor(Role.DEPARTMENT_OFFICER, List.of(JAL), List.of("roads"));

  @BeforeAll
  static void seed() {
    db = TestDatabase.create("case_figures");
    blocking = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-blocking"));
    figures = new CaseFigures(db.dataSource(), blocking, CLOCK);
    CaseRows rows = new CaseRows(db.dataSource());
    insert(rows, "JAL-26-000001", JAL, "water", "registered", null, 0, -1, 47);
    insert(rows, "JAL-26-000002", JAL, "water", "assigned", "jal-water", 1, -30, -2);
    insert(rows, "JAL-26-000003", JAL, "water", "resolved", "jal-water", 0, -10, 38);
    insert(rows, "JAL-26-000004", JAL, "water", "closed-resolved", "jal-water", 0, -30, -6);
    insert(rows, "JAL-26-000005", JAL, "water", "closed-resolved", "jal-water", 0, -20, 4);
    insert(rows, "JAL-26-000006", JAL, "water", "rejected", null, 0, -5, 43);
    insert(rows, "JAL-26-000007", JAL, "roads", "resolved", "jal-roads", 1, -50, 10);
    insert(rows, "ZRK-26-000001", ZRK, "water", "registered", null, 0, -1, 47);
    rows.insert(new CaseRows.Row("DEL-26-000001", "delhi", null, "water", "no-water", "assigned", "del-water", 2, null,
        T0.minus(hours(100)), T0.minus(hours(50)), T0));
    rows.history("JAL-26-000003", 2, T0.minus(hours(8)), "jal-water", "resolved", "resolved", "fixed");
    rows.history("JAL-26-000004", 2, T0.minus(hours(4)), "jal-water", "resolved", "resolved", "fixed late");
    rows.history("JAL-26-000005", 2, T0.minus(hours(16)), "jal-water", "resolved", "resolved", "fixed");
    rows.history("JAL-26-000005", 3, T0.minus(hours(15)), "citizen", "reopened", "registered", "still leaking");
    rows.history("JAL-26-000005", 4, T0.minus(hours(14)), "jal-water", "resolved", "resolved", "fixed again");
    rows.history("JAL-26-000006", 2, T0.minus(hours(4)), "jal-admin", "rejected", "rejected", "not ours");
    rows.history("JAL-26-000007", 2, T0.minus(hours(26)), "system", "escalated", "assigned", "due, not done");
    rows.history("JAL-26-000007", 3, T0.minus(hours(2)), "jal-roads", "resolved", "resolved", "patched");
    rows.exec("UPDATE grievance_case SET rating = 2 WHERE number = 'JAL-26-000004'");
    rows.exec("UPDATE grievance_case SET rating = 4 WHERE number = 'JAL-26-000005'");
  }

  @AfterAll
  static void close() {
    blocking.shutdown();
    db.close();
  }

  @Test
  void perUlbFiguresMatchTheHandCount() {
    Map<String, Row> byUlb = keyed(figures.figures(STATE, Grouping.ULB).toCompletableFuture().join());
    assertEquals(List.of(JAL, ZRK), List.copyOf(byUlb.keySet()), "only punjab's ULBs, Delhi's case is another tenant");
    Row jal = byUlb.get(JAL);
    assertEquals(7, jal.total());
    assertEquals(2, jal.open(), "J1, J2");
    assertEquals(1, jal.overdue(), "J2");
    assertEquals(2, jal.escalated(), "J2 and R1 are above level 0");
    assertEquals(4, jal.resolved(), "J3, J4, J5, R1");
    assertEquals(2, jal.resolvedInTime(), "J3, J5: J4 came after its deadline, R1 missed one");
    assertEquals(50.0, jal.resolvedInTimePercent(), 1e-9);
    assertEquals(16.0, jal.medianResolutionHours(), 1e-6, "2, 6, 26, 48 h: halfway between 6 and 26");
    assertEquals(41.4, jal.p90ResolutionHours(), 1e-6, "26 + 0.7 x (48 - 26)");
    assertEquals(5, jal.decided(), "J3, J4, J5, J6, R1");
    assertEquals(1, jal.reopened(), "J5");
    assertEquals(20.0, jal.reopenRatePercent(), 1e-9);
    assertEquals(3.0, jal.averageRating(), 1e-9, "2 and 4 stars");
    assertEquals(2, jal.rated());
    Row zrk = byUlb.get(ZRK);
    assertEquals(1, zrk.open());
    assertNull(zrk.resolvedInTimePercent(), "nothing resolved: no rate rather than 0 %");
    assertNull(zrk.medianResolutionHours());
    assertNull(zrk.averageRating());
  }

  @Test
  void perDepartmentAndPerOfficer() {
    Map<String, Row> byDepartment = keyed(figures.figures(STATE, Grouping.DEPARTMENT).toCompletableFuture().join());
    Row water = byDepartment.get("water");
    assertEquals(7, water.total(), "six in Jalandhar, one in Zirakpur");
    assertEquals(3, water.open());
    assertEquals(200.0 / 3, water.resolvedInTimePercent(), 1e-9);
    assertEquals(6.0, water.medianResolutionHours(), 1e-6, "2, 6, 26 h");
    assertEquals(22.0, water.p90ResolutionHours(), 1e-6, "6 + 0.8 x (26 - 6)");
    assertEquals(25.0, water.reopenRatePercent(), 1e-9, "J5 of J3, J4, J5, J6");
    Row roads = byDepartment.get("roads");
    assertEquals(0.0, roads.resolvedInTimePercent(), 1e-9);
    assertEquals(48.0, roads.medianResolutionHours(), 1e-6);

    Map<String, Row> byOfficer = keyed(figures.figures(STATE, Grouping.OFFICER).toCompletableFuture().join());
    assertEquals(4, byOfficer.get("jal-water").total());
    assertEquals(1, byOfficer.get("jal-water").overdue());
    assertEquals(1, byOfficer.get("jal-roads").total());
    assertEquals(3, byOfficer.get(null).total(), "unassigned: J1, J6, Z1");
  }

  @Test
  void theScopeNarrowsAsTheDeskDoes() {
    assertEquals(List.of(JAL), keys(figures.figures(JAL_ADMIN, Grouping.ULB).toCompletableFuture().join()));
    List<Row> roads = figures.figures(JAL_ROADS, Grouping.DEPARTMENT).toCompletableFuture().join();
    assertEquals(List.of("roads"), keys(roads));
    assertEquals(1, roads.get(0).total());
  }

  @Test
  void theStatewideTableListsQuietUlbsWithZeros() {
    List<Row> rows = figures.figures(STATE, Grouping.ULB, List.of(JAL, "pb.phagwara", ZRK)).toCompletableFuture().join();
    assertEquals(List.of(JAL, ZRK, "pb.phagwara"), keys(rows));
    Row quiet = rows.get(2);
    assertEquals(0, quiet.total());
    assertNull(quiet.resolvedInTimePercent());
  }

  private static void insert(CaseRows rows, String number, String ulb, String department, String status, String assignee,
      int level, int filedHoursAgo, int dueInHours) {
    Instant filed = T0.plus(hours(filedHoursAgo));
    rows.insert(new CaseRows.Row(number, "punjab", ulb, department, department + "-complaint", status, assignee, level, null,
        filed, T0.plus(hours(dueInHours)), T0));
    rows.history(number, 1, filed, "citizen", "registered", "registered", null);
  }

  private static Duration hours(int n) {
    return Duration.ofHours(n);
  }

  private static Map<String, Row> keyed(List<Row> rows) {
    Map<String, Row> map = new java.util.LinkedHashMap<>();
    rows.forEach(r -> map.put(r.key(), r));
    return map;
  }

  private static List<String> keys(List<Row> rows) {
    return rows.stream().map(Row::key).collect(Collectors.toList());
  }

  private static Actor actor(Role role, List<String> ulbs, List<String> departments) {
    return new Actor("someone", "punjab", role, new Official.Scope(ulbs, departments, List.of()));
  }
}
