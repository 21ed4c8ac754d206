package chaupal.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UlbTest {

  @Test
  void readsEveryPunjabUlbWithItsCentreFromTheProjectConfig() {
    List<Ulb> ulbs = Ulb.of("punjab");
    assertTrue(ulbs.size() >= 167, "Punjab has 167 ULBs or more, read " + ulbs.size());
    Ulb abohar = ulbs.stream().filter(u -> u.code().equals("pb.abohar")).findFirst().orElseThrow();
    assertEquals("Abohar", abohar.name());
    assertEquals(30.1453, abohar.latitude(), 1e-9);
    assertEquals(74.1993, abohar.place().longitude(), 1e-9);
  }
}
