package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.testing.TestClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelThrottleTest {

  private final TestClock clock = new TestClock();
  private final Map<String, Double> rates = new HashMap<>(Map.of("fast", 20.0, "slow", 2.5));
  private final ChannelThrottle throttle = new ChannelThrottle(rates::get, clock.nanos());

  private int takeAll(String channel) {
    int n = 0;
    while (throttle.tryAcquire(channel)) n++;
    return n;
  }

  @Test
  void aFullBucketHoldsOneTenthOfASecondAndRefillsAtTheRate() {
    assertEquals(2, throttle.capacity("fast"));
    assertEquals(2, takeAll("fast"));
    assertEquals(50_000_000L, throttle.nanosUntilAvailable("fast"));
    clock.advance(Duration.ofMillis(49));
    assertFalse(throttle.tryAcquire("fast"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(1, takeAll("fast"));
    clock.advance(Duration.ofMillis(1000));
    assertEquals(2, takeAll("fast"), "unused throughput is not saved beyond the bucket");
  }

  @Test
  void overTimeTheCountFollowsTheRate() {
    int sent = takeAll("fast");
    for (int step = 0; step < 100; step++) {
      clock.advance(Duration.ofMillis(10));
      sent += takeAll("fast");
    }
    assertEquals(2 + 20, sent, "a full bucket, then 20 per second for one second");
  }

  @Test
  void aChannelKeepsASecondsWorthOfMessagesWaiting() {
    assertEquals(20, throttle.backlog("fast"));
    assertEquals(3, throttle.backlog("slow"));
  }

  @Test
  void channelsAreIndependentAndASlowChannelStillHasOneToken() {
    assertEquals(1, throttle.capacity("slow"));
    assertEquals(1, takeAll("slow"));
    assertEquals(2, takeAll("fast"));
    assertEquals(400_000_000L, throttle.nanosUntilAvailable("slow"));
  }

  @Test
  void aNewRateTakesEffectWithoutARestart() {
    takeAll("fast");
    rates.put("fast", 100.0);
    assertEquals(10, throttle.capacity("fast"));
    clock.advance(Duration.ofMillis(100));
    assertEquals(10, takeAll("fast"), "100 ms at the new 100 per second");
    assertTrue(throttle.nanosUntilAvailable("fast") > 0);
  }
}
