package chaupal.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.whatsapp.ApiError;
import chaupal.whatsapp.OutgoingContent;
import chaupal.whatsapp.SendResult;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 12, Duration.ofHours(24));
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);

  private static PendingMessage message(int attempts, Duration age) {
    return new PendingMessage(1, "k", "919800000001", "100000000000001", "919800000001", Lane.REPLY,
        MessageIntent.freeForm(new OutgoingContent.Text("hello", false)), null, null, null, attempts, age);
  }

  private static SendResult.Rejected rejected(Integer code, boolean retryable, Duration retryAfter) {
    return new SendResult.Rejected(code == null ? 503 : 400, code == null ? null : new ApiError(code, "t", null, ""), retryable, retryAfter);
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeilingCappedAtFiveMinutes() {
    for (int failures = 1; failures <= 15; failures++) {
      long ceiling = Math.min(1000L << Math.min(failures - 1, 20), Duration.ofMinutes(5).toMillis());
      for (int i = 0; i < 200; i++) {
        Duration d = policy.backoff(failures, rejected(null, true, Duration.ZERO), random);
        assertTrue(d.toMillis() >= 0 && d.toMillis() <= ceiling, "failures " + failures + ": " + d + " seed " + seed);
      }
    }
  }

  @Test
  void metasHintsAreAFloor() {
    for (int i = 0; i < 100; i++) {
      assertTrue(policy.backoff(1, rejected(130429, true, Duration.ofSeconds(7)), random).compareTo(Duration.ofSeconds(7)) >= 0);
      // Pair rate limit: 4^x seconds, x = 0, 1, 2, ...
      assertTrue(policy.backoff(1, rejected(131056, true, Duration.ZERO), random).compareTo(Duration.ofSeconds(1)) >= 0);
      assertTrue(policy.backoff(2, rejected(131056, true, Duration.ZERO), random).compareTo(Duration.ofSeconds(4)) >= 0);
      assertTrue(policy.backoff(3, rejected(131056, true, Duration.ZERO), random).compareTo(Duration.ofSeconds(16)) >= 0);
      assertEquals(Duration.ofSeconds(1024), policy.backoff(6, rejected(131056, true, Duration.ZERO), random),
          "4^5 s is above the 5 min cap of the jitter");
    }
  }

  @Test
  void outcomes() {
    assertInstanceOf(Outcome.Accepted.class, policy.decide(message(0, Duration.ZERO), false, new SendResult.Accepted("wamid.X"), random));
    Outcome.Failed failed = (Outcome.Failed) policy.decide(message(0, Duration.ZERO), false, rejected(131026, false, Duration.ZERO), random);
    assertEquals(131026, failed.errorCode());
    Outcome.Retry retry = (Outcome.Retry) policy.decide(message(2, Duration.ZERO), false, rejected(null, true, Duration.ZERO), random);
    assertEquals(null, retry.errorCode());
    assertEquals("HTTP 503", retry.error());
    assertInstanceOf(Outcome.Expired.class, policy.decide(message(11, Duration.ZERO), false, rejected(null, true, Duration.ZERO), random),
        "the 12th failed send gives up");
    assertInstanceOf(Outcome.Expired.class,
        policy.decide(message(0, Duration.ofHours(24).minusSeconds(1)), false, rejected(130429, true, Duration.ofSeconds(5)), random),
        "a retry after the max age gives up");
    assertTrue(policy.tooOld(message(0, Duration.ofHours(25))));
    assertTrue(!policy.tooOld(message(0, Duration.ofHours(23))));
  }
}
