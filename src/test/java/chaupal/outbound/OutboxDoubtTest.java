package chaupal.outbound;

import static chaupal.outbound.OutboxTestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chaupal.platform.Database;
import chaupal.platform.TestDatabase;
import chaupal.whatsapp.DeliveryStatus;
import chaupal.whatsapp.OutgoingContent;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A node stops with campaign messages on the wire and their answers are lost with it (Meta took them);
 * the node that takes over finds them in doubt and waits for statuses naming them before sending any again.
 */
class OutboxDoubtTest {

  private static final List<String> CITIZENS = List.of("919800019001", "919800019002", "919800019003"); // fictional
  /** Longer than the drain timeout (5 s): the first node stops before the answers come. */
  private static final Duration LATENCY = Duration.ofSeconds(7);
  private static final Duration DOUBT_WINDOW = Duration.ofSeconds(12);

  @Test
  void aCampaignMessageWhoseStatusArrivesAfterTheTakeoverIsNotSentTwiceAndOneWithoutAStatusIsSentAgain() throws Exception {
    FakeCloudApi api = new FakeCloudApi();
    api.latency(LATENCY);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (Database db = TestDatabase.create("outbox_doubt")) {
      OutboxTestNode first = new OutboxTestNode(db, 1, "");
      OutboxSettings settings = first.settings().withPollInterval(Duration.ofMillis(200)).withDoubtWindow(DOUBT_WINDOW);
      first.start(settings, api, OutboundMetrics.NONE, System::nanoTime);
      try (Connection c = db.dataSource().getConnection()) {
        OutboxStore.insert(c, 0, CITIZENS.stream().map(citizen -> new OutboundRequest("camp-" + citizen, citizen, OutboxTestNode.CHANNEL,
            citizen, Lane.CAMPAIGN, MessageIntent.template(new OutgoingContent.Template("camp_" + citizen, "en", List.of()))))
            .toList());
      }
      await(Duration.ofSeconds(20), () -> api.requests() == 3);
      api.markStop();
      first.close();

      try (OutboxTestNode second = new OutboxTestNode(db, 1, "")) {
        second.start(settings, api, OutboundMetrics.NONE, System::nanoTime);
        // Meta took all three before the first node stopped; the statuses of two come after the takeover.
        await(Duration.ofSeconds(20), () -> api.calls().size() >= 3);
        api.latency(Duration.ZERO);
        DeliveryTracker tracker = new DeliveryTracker(db.dataSource(), executor);
        tracker.record(api.calls().subList(0, 2).stream().map(call -> new DeliveryReport(call.wamid(), DeliveryStatus.SENT,
            Instant.now(), null, null, call.to(), call.request().path("biz_opaque_callback_data").asText())).toList())
            .toCompletableFuture().join();
        await(Duration.ofSeconds(30), () -> second.count("SELECT count(*) FROM outbound_message WHERE state = 'accepted'") == 3);

        List<FakeCloudApi.Call> firstCalls = api.calls().subList(0, 3);
        for (int i = 0; i < 3; i++) {
          FakeCloudApi.Call call = firstCalls.get(i);
          List<FakeCloudApi.Call> accepted = api.callsFor(call.text()).stream().filter(FakeCloudApi.Call::accepted).toList();
          long stored = second.count("SELECT count(*) FROM outbound_message WHERE wamid = ?", call.wamid());
          if (i < 2) {
            assertEquals(1, accepted.size(), call.text() + ": its status named it, so it was not sent again");
            assertEquals(1L, stored, call.text() + " is recorded with the wamid of its status");
          } else {
            assertEquals(2, accepted.size(), call.text() + ": no status within the doubt window, so it was sent again");
          }
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
