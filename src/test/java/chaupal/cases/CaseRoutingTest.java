package chaupal.cases;

import static org.junit.jupiter.api.Assertions.*;

import chaupal.tenancy.Directory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing on the shipped directory: ULBs and departments kept apart, the ward's officer, else the queue. */
class CaseRoutingTest {

  static CaseRouting routing;

  @BeforeAll
  static void load() {
    routing = new CaseRouting(Directory.load(Path.of("project-config")));
  }

  private static CaseRouting.Route route(String ulb, String category, String subType, Integer ward) {
    return routing.route(CaseTest.filing("X", "r", ulb, category, subType, ward));
  }

  @Test
  void twoUlbsAndTwoDepartmentsGoToTheirOwnOfficers() {
    assertEquals(new CaseRouting.Route("water-sewerage", 96, "jalandhar-water-sewerage"), route("pb.jalandhar", "water-sewerage", "NoWaterSupply", 2));
    assertEquals(new CaseRouting.Route("water-sewerage", 96, "phagwara-water-sewerage"), route("pb.phagwara", "water-sewerage", "NoWaterSupply", 2));
    assertEquals(new CaseRouting.Route("street-lights", 96, "jalandhar-street-lights"), route("pb.jalandhar", "street-lights", "StreetLightNotWorking", null));
    assertEquals(new CaseRouting.Route("street-lights", 96, "zirakpur-street-lights"), route("pb.zirakpur", "street-lights", "StreetLightNotWorking", null));
  }

  @Test
  void aWardOfficerTakesOnlyTheirWardsAndAnUnknownWardGoesToTheQueue() {
    assertEquals("jalandhar-sanitation", route("pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 3).officer());
    assertNull(route("pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", 4).officer());
    assertNull(route("pb.jalandhar", "garbage", "GarbageNeedsTobeCleared", null).officer());
    assertEquals("phagwara-sanitation", route("pb.phagwara", "garbage", "GarbageNeedsTobeCleared", 4).officer());
  }

  @Test
  void aUlbWithoutOfficersLeavesTheCaseInTheQueue() {
    CaseRouting.Route route = route("pb.adampur", "water-sewerage", "NoWaterSupply", 1);
    assertEquals("water-sewerage", route.department());
    assertNull(route.officer());
  }

  @Test
  void theChainAboveTheOfficerStaysInTheUlb() {
    assertEquals("jalandhar-head-water-sewerage", routing.holder("punjab", "pb.jalandhar", "water-sewerage", 2, 1).orElseThrow());
    assertEquals("jalandhar-admin", routing.holder("punjab", "pb.jalandhar", "water-sewerage", 2, 2).orElseThrow());
    assertEquals("phagwara-admin", routing.holder("punjab", "pb.phagwara", "street-lights", null, 2).orElseThrow());
    assertTrue(routing.holder("punjab", "pb.jalandhar", "water-sewerage", 2, 3).isEmpty(), "no fourth level");
    assertEquals("919800010110", routing.whatsappOf("punjab", "jalandhar-admin").orElseThrow());
  }

  @Test
  void aChosenDepartmentWinsAndAnUnknownCategoryIsNamed() {
    CaseFiling chosen = new CaseFiling("X", "r", "punjab", "pb.jalandhar", "complaint", "water-sewerage", "NoWaterSupply",
        "sanitation", null, null, null, null, null, 2, null, "919800010901", null, "100000000000001", "en", 0);
    assertEquals("sanitation", routing.route(chosen).department());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> route("pb.jalandhar", "no-such", null, null));
    assertTrue(e.getMessage().contains("no category no-such"), e.getMessage());
  }
}
