package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many citizens on two channels with different throughput. The throttle's clock stands still, so
 * what may be sent is an exact count: a full bucket per worker and channel, then exactly the tokens
 * that the clock's advance buys. Then the clock runs and everything goes, each citizen in order.
 */
class OutboxThrottleTest {

  private static final String FAST = "100000000000011";
  private static final String SLOW = "100000000000022";
  private static final int TAGS = 2;
  private static final int CITIZENS_PER_CHANNEL = 20;
  private static final int MESSAGES_PER_CITIZEN = 3;

  @Test
  void manyCitizensAreSentConcurrentlyInOrderWithinEachChannelsThroughput() throws Exception {
    FakeCloudApi api = new FakeCloudApi();
    api.latency(Duration.ofMillis(5));
    TestClock clock = new TestClock();
    try (Database db = TestDatabase.create("outbox_throttle"); OutboxTestNode node = new OutboxTestNode(db, TAGS, "")) {
      // 40 and 20 messages per second for the channel: per worker 20 and 10, buckets of 2 and 1 tokens.
      // Room for 8 messages per worker: a channel waiting for tokens may hold only half of it.
      OutboxSettings settings = node.settings().withPollInterval(Duration.ofMillis(200)).withMaxInFlight(8)
          .withRates(Map.of(FAST, 40, SLOW, 20), 80);
      List<String> fastCitizens = citizens("9198100", CITIZENS_PER_CHANNEL);
      List<String> slowCitizens = citizens("9198200", CITIZENS_PER_CHANNEL);
      for (List<String> group : List.of(fastCitizens, slowCitizens)) {
        for (int p = 0; p < TAGS; p++) {
          int partition = p;
          assertTrue(group.stream().filter(c -> TestCitizen.partition(c, TAGS) == partition).count() >= 2, "each worker has citizens of each channel");
        }
      }
      node.start(settings, api, OutboundMetrics.NONE, clock.nanos());
      for (int i = 0; i < CITIZENS_PER_CHANNEL; i++) {
        node.replyOn(FAST, fastCitizens.get(i), texts(fastCitizens.get(i)));
        node.replyOn(SLOW, slowCitizens.get(i), texts(slowCitizens.get(i)));
      }

      await(Duration.ofSeconds(20), () -> api.acceptedCount(FAST) == 4 && api.acceptedCount(SLOW) == 2);
      Thread.sleep(500); // the sender keeps trying; with the clock still, nothing more may go
      assertEquals(4, api.acceptedCount(FAST), "one full bucket (2) per worker");
      assertEquals(2, api.acceptedCount(SLOW), "one full bucket (1) per worker");

      clock.advance(Duration.ofMillis(100));
      await(Duration.ofSeconds(20), () -> api.acceptedCount(FAST) == 8 && api.acceptedCount(SLOW) == 4);
      Thread.sleep(500);
      assertEquals(8, api.acceptedCount(FAST), "100 ms at 20/s per worker buys 2 more per worker");
      assertEquals(4, api.acceptedCount(SLOW), "100 ms at 10/s per worker buys 1 more per worker");

      clock.run();
      int total = 2 * CITIZENS_PER_CHANNEL * MESSAGES_PER_CITIZEN;
      await(Duration.ofSeconds(30), () -> node.count("SELECT count(*) FROM outbound_message WHERE state = 'accepted'") == total);

      assertEquals(total, api.acceptedCount(), "each message sent once");
      for (String citizen : fastCitizens) assertEquals(List.of(texts(citizen)), api.acceptedTextsOf(citizen));
      for (String citizen : slowCitizens) assertEquals(List.of(texts(citizen)), api.acceptedTextsOf(citizen));
      assertTrue(api.calls().stream().allMatch(c -> c.channel().equals(c.to().startsWith("9198100") ? FAST : SLOW)));
      assertEquals(List.of(), api.overlaps(), "never two sends to one citizen at once");
    }
  }

  private static List<String> citizens(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(prefix + String.format("%05d", i));
    return ids;
  }

  private static String[] texts(String citizen) {
    String[] texts = new String[MESSAGES_PER_CITIZEN];
    for (int k = 0; k < MESSAGES_PER_CITIZEN; k++) texts[k] = citizen + "-" + (k + 1);
    return texts;
  }
}
