package chaupal.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankPercentiles() {
    Latencies latencies = new Latencies();
    assertEquals(-1, latencies.percentile(99.0));
    for (long ms = 200; ms >= 1; ms--) {
      latencies.add(ms * 10);
    }
    assertEquals(200, latencies.count());
    assertEquals(1000, latencies.percentile(50.0));
    assertEquals(1980, latencies.percentile(99.0));
    assertEquals(2000, latencies.percentile(100.0));
    assertEquals(10, latencies.percentile(0.1));
  }
}
