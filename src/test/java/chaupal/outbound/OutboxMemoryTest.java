package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sender takes committed rows from memory, and the table when memory cannot be trusted: each
 * citizen's replies leave once and in order either way.
 */
class OutboxMemoryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void repliesLeaveFromMemoryWithoutWaitingForAPoll() {
    try (Database db = TestDatabase.create("outbox_memory"); OutboxTestNode node = new OutboxTestNode(db, 2, "")) {
      FakeCloudApi api = new FakeCloudApi();
      // A poll an hour apart: only the rows handed over by the projection can be sent in time.
      node.start(node.settings().withPollInterval(Duration.ofHours(1)).withRates(Map.of(), 1000), api,
          OutboundMetrics.NONE, System::nanoTime);
      List<String> citizens = List.of("919800000101", "919800000102", "919800000103", "919800000104");
      for (int round = 1; round <= 3; round++) {
        for (String citizen : citizens) node.reply(citizen, citizen + "-" + round + "a", citizen + "-" + round + "b");
      }
      for (String citizen : citizens) {
        await(WAIT, () -> api.acceptedTextsOf(citizen).size() == 6);
        assertEquals(List.of(citizen + "-1a", citizen + "-1b", citizen + "-2a", citizen + "-2b", citizen + "-3a", citizen + "-3b"),
            api.acceptedTextsOf(citizen));
      }
      assertEquals(List.of(), api.overlaps(), "never two sends to one citizen at once");
    }
  }

  @Test
  void aBacklogBeyondMemoryIsSentOnceAndInOrderFromTheTableThenMemoryServesAgain() {
    try (Database db = TestDatabase.create("outbox_memory_overflow"); OutboxTestNode node = new OutboxTestNode(db, 1, "")) {
      FakeCloudApi api = new FakeCloudApi();
      // One in flight: memory holds 64 rows, and one event with 100 replies overflows it.
      node.start(node.settings().withMaxInFlight(1).withPollInterval(Duration.ofMillis(300)).withRates(Map.of(), 1000),
          api, OutboundMetrics.NONE, System::nanoTime);
      String citizen = "919800000201";
      List<String> texts = new ArrayList<>();
      for (int i = 1; i <= 100; i++) texts.add(String.format("%s-%03d", citizen, i));
      node.reply(citizen, texts.toArray(String[]::new));
      await(WAIT, () -> api.acceptedTextsOf(citizen).size() == 100);
      assertEquals(texts, api.acceptedTextsOf(citizen));

      // Caught up: memory serves again, with the poll an hour away nothing else could send these in time.
      String other = "919800000202";
      node.reply(other, other + "-1", other + "-2");
      node.reply(citizen, citizen + "-101");
      await(WAIT, () -> api.acceptedTextsOf(other).size() == 2 && api.acceptedTextsOf(citizen).size() == 101);
      assertEquals(List.of(other + "-1", other + "-2"), api.acceptedTextsOf(other));
      assertEquals(citizen + "-101", api.acceptedTextsOf(citizen).get(100));
      for (String text : texts) assertEquals(1, api.callsFor(text).size(), text + " sent once");
      assertEquals(List.of(), api.overlaps());
    }
  }

  @Test
  void manyCitizensAtOnceGetEveryReplyExactlyOnceWhileTheTableIsPolledAlongside() {
    try (Database db = TestDatabase.create("outbox_memory_many"); OutboxTestNode node = new OutboxTestNode(db, 2, "")) {
      FakeCloudApi api = new FakeCloudApi();
      // A poll every 20 ms keeps table reads running while memory serves, so the two meet often.
      node.start(node.settings().withPollInterval(Duration.ofMillis(20)).withMaxInFlight(8).withRates(Map.of(), 1000),
          api, OutboundMetrics.NONE, System::nanoTime);
      List<String> citizens = new ArrayList<>();
      for (int i = 0; i < 60; i++) citizens.add(String.format("9198000003%02d", i));
      List<String> texts = new ArrayList<>();
      for (int round = 1; round <= 3; round++) {
        for (String citizen : citizens) {
          node.reply(citizen, citizen + "-" + round + "a", citizen + "-" + round + "b");
          texts.add(citizen + "-" + round + "a");
          texts.add(citizen + "-" + round + "b");
        }
      }
      await(WAIT, () -> api.acceptedCount() >= texts.size());
      for (String text : texts) assertEquals(1, api.callsFor(text).size(), text + " sent once");
      assertEquals(texts.size(), api.calls().size(), "no other call");
      assertEquals(List.of(), api.overlaps());
    }
  }
}
