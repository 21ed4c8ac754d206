package chaupal.simulator;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The small shared parts on their own: wamids and the settings' defaults. */
class SimulatorPartsTest {

  static final BusinessNumber CITY = SimulatorHarness.CITY;

  @Test
  void wamidCountersAreTwelveUpperCaseHexDigits() {
    for (long v : new long[] {0, 1, 0xABCL, 0xFFFFFFFFFFFFL, 0x1000000000000L, Long.MAX_VALUE}) {
      assertEquals(String.format("%012X", v), Wamids.hex12(v));
    }
  }

  @Test
  void wamidsLookLikeMetasAndCarryTheCitizen() {
    Wamids wamids = new Wamids();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String out = wamids.outbound("919800000001");
      String in = wamids.inbound("919800000001");
      assertTrue(out.startsWith("wamid.HBgMOTE5ODAwMDAwMDAxFQIAERgS"), out);
      assertTrue(in.startsWith("wamid.HBgMOTE5ODAwMDAwMDAxFQIAEhgU"), in);
      assertTrue(seen.add(out) && seen.add(in));
      assertEquals(Optional.of("919800000001"), Wamids.waIdOf(out));
    }
    assertEquals(Optional.of("16505551234"), Wamids.waIdOf("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA"));
    assertEquals(Optional.empty(), Wamids.waIdOf("wamid.%%%"));
    assertEquals(Optional.empty(), Wamids.waIdOf("wamid.AAAA"));
    assertEquals(Optional.empty(), Wamids.waIdOf(null));
  }

  @Test
  void settingsFillDefaults() {
    SimulatorSettings s = new SimulatorSettings("http://127.0.0.1:1/webhooks/whatsapp", "secret", "token", List.of(CITY), 0, true, false, null);
    assertEquals(80, s.defaultMessagesPerSecond());
    assertEquals(Duration.ofSeconds(1), s.statusDelay());
    assertEquals(SimulatorSettings.Tuning.DEFAULT, s.tuning());
    assertThrows(IllegalArgumentException.class, () -> new SimulatorSettings("", "s", "t", List.of(), 80, true, false, Duration.ZERO));
  }
}
